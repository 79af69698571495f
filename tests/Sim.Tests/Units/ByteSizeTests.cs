using IommuSim.Units;

namespace IommuSim.Tests.Units;

public class ByteSizeTests
{
    [Theory]
    [InlineData("64B", 64L)]
    [InlineData("0B", 0L)]
    [InlineData("2KiB", 2L * 1024)]
    [InlineData("4K", 4L * 1024)]
    [InlineData("4KB", 4L * 1024)]            // binary on purpose: 4KB is a 4096-byte page
    [InlineData("2MiB", 2L * 1024 * 1024)]
    [InlineData("2M", 2L * 1024 * 1024)]
    [InlineData("2MB", 2L * 1024 * 1024)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("1G", 1L << 30)]
    [InlineData("3TiB", 3L << 40)]
    [InlineData("1.5KiB", 1536L)]             // 1.5 * 1024
    [InlineData("0.5MiB", 524288L)]           // 0.5 * 1048576
    [InlineData(" 16 KiB ", 16L * 1024)]      // surrounding and inner spaces allowed
    public void Parses_binary_units(string text, long bytes)
    {
        Assert.Equal(bytes, ByteSize.Parse(text).Bytes);
    }

    [Theory]
    [InlineData(2L * 1024 * 1024, "2MiB")]
    [InlineData(1536L, "1.5KiB")]             // 1536 / 1024 = 1.5
    [InlineData(1152L, "1.125KiB")]           // 1152 / 1024 = 1.125: three decimals still fit
    [InlineData(1088L, "1088B")]              // 1088 / 1024 = 1.0625 needs four decimals: stay in bytes
    [InlineData(1025L, "1025B")]
    [InlineData(1023L, "1023B")]              // below 1KiB
    [InlineData(0L, "0B")]
    [InlineData(4096L, "4KiB")]
    [InlineData(1L << 30, "1GiB")]
    [InlineData(3L << 39, "1.5TiB")]          // 3 * 2^39 = 1.5 * 2^40
    [InlineData((1L << 30) + (1L << 20), "1025MiB")] // 1GiB + 1MiB = 1.0009765625GiB: too many decimals, so MiB
    public void Formats_with_the_largest_short_binary_unit(long bytes, string text)
    {
        Assert.Equal(text, new ByteSize(bytes).ToString());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(1536L)]
    [InlineData(1088L)]
    [InlineData(123456789L)]
    [InlineData(long.MaxValue)]
    public void Round_trips_through_text(long bytes)
    {
        var size = new ByteSize(bytes);
        Assert.Equal(size, ByteSize.Parse(size.ToString()));
    }

    [Fact]
    public void A_bare_number_is_rejected_with_a_message_asking_for_a_unit()
    {
        Assert.False(ByteSize.TryParse("4096", out _, out var error));
        Assert.Contains("without a unit", error);
        Assert.Contains("4096", error);
        var ex = Assert.Throws<FormatException>(() => ByteSize.Parse("4096"));
        Assert.Equal(error, ex.Message);
    }

    [Fact]
    public void An_unknown_unit_is_named_in_the_message()
    {
        Assert.False(ByteSize.TryParse("4Kb", out _, out var error));
        Assert.Contains("unknown size unit 'Kb'", error);
        Assert.Contains("KiB", error);
    }

    [Fact]
    public void A_fraction_of_a_byte_is_rejected()
    {
        // 1.1 * 1024 = 1126.4 bytes
        Assert.False(ByteSize.TryParse("1.1KiB", out _, out var error));
        Assert.Contains("not a whole number of bytes", error);
        Assert.Contains("1126.4B", error);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("KiB", "expected a number")]
    [InlineData("-4KiB", "negative")]
    [InlineData("9000000TiB", "too large")]   // 9e6 * 2^40 ≈ 9.9e18 > 2^63 - 1 ≈ 9.22e18
    public void Other_bad_input_is_explained(string text, string fragment)
    {
        Assert.False(ByteSize.TryParse(text, out _, out var error));
        Assert.Contains(fragment, error);
    }

    [Fact]
    public void Arithmetic_and_comparison()
    {
        var a = ByteSize.FromKiB(6);
        var b = ByteSize.FromKiB(4);
        Assert.Equal(ByteSize.FromKiB(10), a + b);
        Assert.Equal(ByteSize.FromKiB(2), a - b);
        Assert.Equal(ByteSize.FromKiB(24), a * 4);
        Assert.Equal(ByteSize.FromKiB(24), 4 * a);
        Assert.Equal(ByteSize.FromKiB(3), a / 2);
        Assert.Equal(512L, ByteSize.FromMiB(2) / b);              // 2MiB / 4KiB = 512 pages
        Assert.Equal(ByteSize.FromKiB(2), a % b);
        Assert.True(b < a && a > b && b <= a && a >= b && a != b);
        Assert.Equal(a, ByteSize.Max(a, b));
        Assert.Equal(b, ByteSize.Min(a, b));
        Assert.True(a.CompareTo(b) > 0);
    }

    [Fact]
    public void Sizes_are_never_negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteSize.FromKiB(4) - ByteSize.FromKiB(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ByteSize(-1));
        Assert.Throws<OverflowException>(() => new ByteSize(long.MaxValue) + new ByteSize(1));
    }

    [Theory]
    [InlineData(1L, true)]
    [InlineData(4096L, true)]
    [InlineData(1L << 62, true)]
    [InlineData(0L, false)]
    [InlineData(1536L, false)]
    [InlineData(long.MaxValue, false)]
    public void IsPowerOfTwo(long bytes, bool expected)
    {
        Assert.Equal(expected, new ByteSize(bytes).IsPowerOfTwo);
    }
}
