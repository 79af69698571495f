using System.Buffers.Binary;

namespace IommuSim.Kernel.Randomness;

/// <summary>
/// Presents a <see cref="RandomStream"/> as a <see cref="System.Random"/>, so that libraries that take a
/// <c>Random</c> (e.g. <c>MathNet.Numerics.Distributions</c>) draw from our deterministic stream:
/// <c>new Exponential(rate, new RandomSource(streams.Get("nic0.gaps")))</c>.
/// </summary>
/// <remarks>
/// Every virtual member of <see cref="System.Random"/> is overridden and maps to the stream, so none of
/// .NET's own algorithms (which may change between versions) produce a number. The base class is
/// constructed with a fixed seed only because it requires one; its state is never used.
/// Ranges follow <see cref="System.Random"/>'s contracts; an empty or single-value range returns its
/// lower bound without consuming a draw.
/// </remarks>
public sealed class RandomSource : Random
{
    private readonly RandomStream _stream;

    /// <summary>Wraps <paramref name="stream"/>; draws advance that stream.</summary>
    public RandomSource(RandomStream stream) : base(0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>The stream this adapter draws from.</summary>
    public RandomStream Stream => _stream;

    /// <summary>A uniform double in [0, 1), as <see cref="RandomStream.NextDouble"/>.</summary>
    protected override double Sample() => _stream.NextDouble();

    /// <summary>A uniform double in [0, 1), as <see cref="RandomStream.NextDouble"/>.</summary>
    public override double NextDouble() => _stream.NextDouble();

    /// <summary>A uniform float in [0, 1): the top 24 bits of one draw times 2^-24.</summary>
    public override float NextSingle() => (_stream.NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A uniform integer in [0, <see cref="int.MaxValue"/>).</summary>
    public override int Next() => _stream.NextInt(int.MaxValue);

    /// <summary>A uniform integer in [0, <paramref name="maxValue"/>); 0 when <paramref name="maxValue"/> is 0 or 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is negative.</exception>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue > 1 ? _stream.NextInt(maxValue) : 0;
    }

    /// <summary>A uniform integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minValue"/> exceeds <paramref name="maxValue"/>.</exception>
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)NextInRange(minValue, maxValue);
    }

    /// <summary>A uniform integer in [0, <see cref="long.MaxValue"/>).</summary>
    public override long NextInt64() => _stream.NextInt64(long.MaxValue);

    /// <summary>A uniform integer in [0, <paramref name="maxValue"/>); 0 when <paramref name="maxValue"/> is 0 or 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is negative.</exception>
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue > 1 ? _stream.NextInt64(maxValue) : 0;
    }

    /// <summary>A uniform integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minValue"/> exceeds <paramref name="maxValue"/>.</exception>
    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return NextInRange(minValue, maxValue);
    }

    /// <summary>Fills <paramref name="buffer"/> with random bytes (see <see cref="NextBytes(Span{byte})"/>).</summary>
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> with random bytes: each draw supplies 8 bytes in little-endian
    /// order (explicitly, so the bytes do not depend on the machine); a final partial group uses the
    /// low-order bytes of one more draw.
    /// </summary>
    public override void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= sizeof(ulong))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, _stream.NextUInt64());
            buffer = buffer[sizeof(ulong)..];
        }
        if (buffer.Length > 0)
        {
            Span<byte> last = stackalloc byte[sizeof(ulong)];
            BinaryPrimitives.WriteUInt64LittleEndian(last, _stream.NextUInt64());
            last[..buffer.Length].CopyTo(buffer);
        }
    }

    private long NextInRange(long minValue, long maxValue)
    {
        // The width fits in a ulong even for [long.MinValue, long.MaxValue).
        ulong width = unchecked((ulong)maxValue - (ulong)minValue);
        return width > 1 ? unchecked(minValue + (long)_stream.NextUInt64(width)) : minValue;
    }
}
