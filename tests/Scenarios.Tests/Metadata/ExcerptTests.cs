using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Tests.Metadata;

/// <summary>Messages quote input so that it reads as the file holds it, on one line, and cannot act on the terminal.</summary>
public class ExcerptTests
{
    [Theory]
    [InlineData("nic0", "nic0")]
    [InlineData("réseau 网卡 \U0001F600", "réseau 网卡 \U0001F600")]
    [InlineData("a\nb\r\tc\0", "a\\nb\\r\\tc\\0")]
    [InlineData("\u001B[2J", "\\u001B[2J")]
    [InlineData("left\u202Eright", "left\\u202Eright")]
    [InlineData("x\u0085y\u2028z", "x\\u0085y\\u2028z")]
    [InlineData("\uFEFFbom", "\\uFEFFbom")]
    [InlineData("tag\U000E0041", "tag\\U000E0041")]
    public void What_would_break_the_line_or_act_on_the_terminal_is_escaped(string text, string printed)
    {
        Assert.Equal(printed, Excerpt.Printable(text));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped()
    {
        Assert.Equal("a\\uD800b", Excerpt.Printable("a" + (char)0xD800 + "b"));
        Assert.Equal("\\uDC00", Excerpt.Printable(((char)0xDC00).ToString()));
    }

    [Fact]
    public void A_long_value_is_cut_then_escaped_and_its_length_told()
    {
        string value = "\u001B" + new string('v', 99);
        Assert.Equal("\\u001B" + new string('v', 79) + "... (100 characters)", Excerpt.Of(value));
    }

    [Fact]
    public void A_long_path_keeps_both_ends()
    {
        string path = "/" + string.Concat(Enumerable.Repeat("deep/", 100)) + "out";
        string shown = Excerpt.OfPath(path);
        Assert.Equal(path[..120] + "..." + path[^120..] + " (504 characters)", shown);
        Assert.Equal("/short/out", Excerpt.OfPath("/short/out"));
    }
}
