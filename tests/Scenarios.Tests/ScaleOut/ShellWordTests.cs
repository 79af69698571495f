using IommuSim.Scenarios.ScaleOut;

namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>A quoted word reads back in bash as exactly the word, and plain words stay as they are.</summary>
public class ShellWordTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("/opt/iommu sim/iommusim")]
    [InlineData("it's")]
    [InlineData("$HOME")]
    [InlineData("`date`")]
    [InlineData("a\"b\\c")]
    [InlineData("*")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("name=value")]
    [InlineData("line\nbreak")]
    [InlineData("débit=10Gbps")]
    [InlineData("devices.0.rate=25Gbps")]
    public void Reads_back_as_one_unchanged_word(string word) =>
        Assert.Equal([word], Bash.Words(ShellWord.Quote(word)));

    [Theory]
    [InlineData("devices.0.rate=25Gbps")]
    [InlineData("--shard")]
    [InlineData("/work/scenarios/quickstart.yaml")]
    [InlineData("user@host:2,3%")]
    public void Leaves_plain_words_unquoted(string word) => Assert.Equal(word, ShellWord.Quote(word));

    [Theory]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    // Standing first, a name before '=' would be an assignment rather than a command.
    [InlineData("abc=1", "'abc=1'")]
    [InlineData("", "''")]
    public void Quotes_what_the_shell_would_change(string word, string quoted) => Assert.Equal(quoted, ShellWord.Quote(word));

    [Fact]
    public void A_quoted_word_standing_first_is_a_command_not_an_assignment()
    {
        var (exit, _, error) = Bash.Run(ShellWord.Quote("abc=1") + " 2>&1 || exit 3");
        Assert.Equal(3, exit);
        Assert.Equal("", error);
    }
}
