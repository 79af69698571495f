using IommuSim.Kernel;

namespace IommuSim.Tests.Kernel;

public class SimTimeTests
{
    [Theory]
    [InlineData("90ns", 90_000)]
    [InlineData("1.5us", 1_500_000)]
    [InlineData("10 ms", 10_000_000_000)]
    [InlineData("2s", 2_000_000_000_000)]
    [InlineData("250ps", 250)]
    [InlineData("0.001ns", 1)]
    public void Parses_units_to_picoseconds(string text, long ps) =>
        Assert.Equal(ps, SimTime.Parse(text).Picoseconds);

    [Theory]
    [InlineData("90", "without a unit")]
    [InlineData("90 parsecs", "unknown time unit")]
    [InlineData("0.0001ns", "finer than one picosecond")]
    [InlineData("1.2.3ns", "expected a number")]
    [InlineData("abcns", "unknown time unit")]
    [InlineData("200000000s", "too large")]
    public void Rejects_bad_times_with_a_reason(string text, string reason)
    {
        Assert.False(SimTime.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData(90_000, "90ns")]
    [InlineData(1_500, "1.5ns")]
    [InlineData(999, "999ps")]
    [InlineData(10_000_000_000, "10ms")]
    [InlineData(0, "0s")]
    public void Formats_with_the_largest_exact_unit_and_round_trips(long ps, string text)
    {
        Assert.Equal(text, SimTime.FromPicoseconds(ps).ToString());
        Assert.Equal(ps, SimTime.Parse(text).Picoseconds);
    }

    [Fact]
    public void Fractional_seconds_round_to_the_nearest_picosecond() =>
        Assert.Equal(1_000_000_000_001, SimTime.FromSeconds(1.0000000000014).Picoseconds);
}
