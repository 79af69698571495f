using System.Buffers.Binary;
using IommuSim.Kernel.Randomness;
using MathNet.Numerics.Distributions;

namespace IommuSim.Tests.Kernel.Randomness;

public class RandomSourceTests
{
    [Fact]
    public void MathNet_exponential_is_inversion_of_our_uniforms()
    {
        // MathNet's Exponential samples by inversion, -ln(U) / rate with U = NextDouble() (redrawn if 0),
        // so each sample must equal that transform of the same-named stream's next double.
        var reference = new RandomStreams(17).Get("gaps");
        var exponential = new Exponential(2.0, new RandomSource(new RandomStreams(17).Get("gaps")));
        for (int i = 0; i < 1000; i++)
            Assert.Equal(-Math.Log(reference.NextDouble()) / 2.0, exponential.Sample());
    }

    [Fact]
    public void Adapters_on_same_named_streams_give_identical_MathNet_samples()
    {
        var a = new LogNormal(1.0, 0.5, new RandomSource(new RandomStreams(3).Get("sizes")));
        var b = new LogNormal(1.0, 0.5, new RandomSource(new RandomStreams(3).Get("sizes")));
        var c = new LogNormal(1.0, 0.5, new RandomSource(new RandomStreams(4).Get("sizes")));
        int differences = 0;
        for (int i = 0; i < 1000; i++)
        {
            double x = a.Sample();
            Assert.Equal(x, b.Sample());
            if (x != c.Sample()) differences++;
        }
        Assert.Equal(1000, differences);
    }

    [Fact]
    public void Integer_overloads_respect_their_ranges()
    {
        var r = new RandomSource(new RandomStream("ints", 21));
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(r.Next(), 0, int.MaxValue - 1);
            Assert.InRange(r.Next(10), 0, 9);
            Assert.InRange(r.Next(-5, 5), -5, 4);
            Assert.InRange(r.Next(int.MinValue, int.MaxValue), int.MinValue, int.MaxValue - 1);
            Assert.InRange(r.NextInt64(), 0, long.MaxValue - 1);
            Assert.InRange(r.NextInt64(1000), 0, 999);
            Assert.InRange(r.NextInt64(long.MinValue, long.MaxValue), long.MinValue, long.MaxValue - 1);
            Assert.InRange(r.NextInt64(-3, 2), -3, 1);
            Assert.InRange(r.NextSingle(), 0f, Math.BitDecrement(1f));
            Assert.InRange(r.NextDouble(), 0.0, Math.BitDecrement(1.0));
        }
        Assert.Equal(0, r.Next(0));
        Assert.Equal(7, r.Next(7, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Next(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Next(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.NextInt64(2, 1));
    }

    [Fact]
    public void Full_int_range_reaches_both_halves()
    {
        // Next(int.MinValue, int.MaxValue) spans 2^32 - 1 values; about half must be negative.
        var r = new RandomSource(new RandomStream("wide", 2));
        int negative = 0;
        for (int i = 0; i < 10_000; i++)
            if (r.Next(int.MinValue, int.MaxValue) < 0) negative++;
        Assert.InRange(negative, 4_700, 5_300); // std 50
    }

    [Fact]
    public void Bytes_are_little_endian_words_of_the_stream()
    {
        var words = new RandomStream("w", 31);
        var r = new RandomSource(new RandomStream("w", 31));
        var buffer = new byte[13];
        r.NextBytes(buffer);

        Span<byte> expected = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(expected, words.NextUInt64());
        BinaryPrimitives.WriteUInt64LittleEndian(expected[8..], words.NextUInt64());
        Assert.Equal(expected[..13].ToArray(), buffer);

        // Both overloads agree and continue from the same position.
        var span = new byte[8];
        r.NextBytes(span.AsSpan());
        var check = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(check, words.NextUInt64());
        Assert.Equal(check, span);
    }
}
