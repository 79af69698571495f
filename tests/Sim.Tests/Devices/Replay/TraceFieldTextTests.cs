using IommuSim.Devices.Replay;
using IommuSim.Kernel;
using IommuSim.Units;

namespace IommuSim.Tests.Devices.Replay;

public class TraceFieldTextTests
{
    // The span path must read a time exactly as the project's grammar does, or refuse as it does.
    [Theory]
    [InlineData("1.5us")]
    [InlineData("200ns")]
    [InlineData("0.25s")]
    [InlineData("7ps")]
    [InlineData("3ms")]
    [InlineData("2µs")]
    [InlineData("1.5 us")]
    [InlineData("0.0005ns")]   // finer than a picosecond
    [InlineData("-1us")]
    [InlineData("1e3ns")]
    [InlineData("12")]
    [InlineData("200days")]
    public void A_time_reads_as_SimTime_reads_it(string text)
    {
        bool expectedOk = SimTime.TryParse(text, out var expected, out string expectedError);
        bool ok = TraceFieldText.TryParseTime(text, out var value, out string error);
        Assert.Equal(expectedOk, ok);
        Assert.Equal(expected, value);
        Assert.Equal(expectedError, error);
    }

    [Theory]
    [InlineData("4KiB", 4096)]
    [InlineData("1.5KiB", 1536)]
    [InlineData("2M", 2 * 1024 * 1024)]
    [InlineData("3GB", 3L << 30)]
    [InlineData("1TiB", 1L << 40)]
    [InlineData("64B", 64)]
    [InlineData("0B", 0)]
    public void A_size_with_a_unit_reads_as_ByteSize_reads_it(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var expected, out _));
        Assert.Equal(bytes, expected.Bytes);
        Assert.True(TraceFieldText.TryParseSize(text, out var value, out string error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("4096", true, 4096)]
    [InlineData("0", true, 0)]
    [InlineData("1.0001KiB", false, 0)]            // not a whole number of bytes
    [InlineData("99999999999999999999", false, 0)]  // beyond a long
    [InlineData("-4", false, 0)]
    [InlineData("", false, 0)]
    public void A_size_in_bytes_is_a_whole_number(string text, bool ok, long bytes)
    {
        Assert.Equal(ok, TraceFieldText.TryParseSize(text, out var value, out string error));
        Assert.Equal(bytes, value.Bytes);
        Assert.Equal(ok, error.Length == 0);
    }

    [Theory]
    [InlineData("0x1000", true, 0x1000UL)]
    [InlineData("0X00000000fffff000", true, 0xfffff000UL)]
    [InlineData("0xffffffffffffffff", true, ulong.MaxValue)]
    [InlineData("0x1ffffffffffffffff", false, 0UL)]   // 17 digits
    [InlineData("0x", false, 0UL)]
    [InlineData("1000", false, 0UL)]
    [InlineData("0x12g4", false, 0UL)]
    public void An_address_is_hexadecimal_with_its_prefix(string text, bool ok, ulong value)
    {
        Assert.Equal(ok, TraceFieldText.TryParseHex(text, out ulong parsed));
        if (ok) Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("12345.678901", 12_345_678_901_000_000L)]   // %5lu.%06lu
    [InlineData("1.5", 1_500_000_000_000L)]
    [InlineData("101.234567891", 101_234_567_891_000L)]      // trace-cmd's nanoseconds
    [InlineData("0.000000000001", 1L)]
    [InlineData("9223372.036854775807", long.MaxValue)]      // the last representable picosecond
    public void An_ftrace_timestamp_is_exact_to_the_picosecond(string text, long picoseconds)
    {
        Assert.True(TraceFieldText.TryParseSeconds(text, out var value));
        Assert.Equal(picoseconds, value.Picoseconds);
    }

    [Theory]
    [InlineData("123456789")]              // a raw counter clock
    [InlineData("1.0000000000001")]        // 13 decimals
    [InlineData("9223372.036854775808")]   // one picosecond beyond a SimTime
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1.-5")]
    public void Other_timestamps_are_refused(string text) => Assert.False(TraceFieldText.TryParseSeconds(text, out _));
}
