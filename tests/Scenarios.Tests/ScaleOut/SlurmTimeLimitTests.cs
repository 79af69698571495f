using IommuSim.Scenarios.ScaleOut;

namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>--time takes the formats of sbatch(1)'s --time, and nothing else.</summary>
public class SlurmTimeLimitTests
{
    [Theory]
    [InlineData("30")]
    [InlineData("30:15")]
    [InlineData("1:30:00")]
    [InlineData("2-12")]
    [InlineData("2-12:30")]
    [InlineData("2-12:30:15")]
    [InlineData("UNLIMITED")]
    [InlineData("infinite")]
    public void Accepts_sbatch_formats(string text) => Assert.True(SlurmTimeLimit.IsValid(text));

    [Theory]
    [InlineData("")]
    [InlineData("1h")]
    [InlineData("1:2:3:4")]
    [InlineData("-5")]
    [InlineData("2-")]
    [InlineData("1:300")]
    [InlineData(" 30")]
    [InlineData("٣٠")]
    public void Refuses_the_rest(string text) => Assert.False(SlurmTimeLimit.IsValid(text));
}
