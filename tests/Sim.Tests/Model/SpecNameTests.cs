using IommuSim.Devices.DmaStream;
using IommuSim.Model.Spec;

namespace IommuSim.Tests.Model;

/// <summary>
/// Names label rows, columns and headings: they must print as written, on one line. The code points below are
/// Unicode's (ESC U+001B is Cc, RLO U+202E and the tag U+E0041 are Cf, LS U+2028 is Zl; U+FFFE is a noncharacter).
/// </summary>
public class SpecNameTests
{
    [Theory]
    [InlineData("nic0")]
    [InlineData("vf-17_a.b")]
    [InlineData("Strict vs lazy, 4 KiB")]
    [InlineData("réseau")]
    [InlineData("网卡0")]
    [InlineData("nic\U0001F600")]
    public void Printable_names_up_to_64_characters_are_names(string name)
    {
        Assert.Null(SpecName.Problem(name));
        Assert.Null(SpecName.Problem(new string('n', 64)));
    }

    [Theory]
    [InlineData("", "the name is empty")]
    [InlineData(" nic0", "starts or ends with a space")]
    [InlineData("nic0\t", "starts or ends with a space")]
    [InlineData("ni\u001Bc", "character 3 of the name is U+001B, which does not print")]
    [InlineData("a\u202Eb", "character 2 of the name is U+202E, which does not print")]
    [InlineData("a\nb", "character 2 of the name is U+000A, which does not print")]
    [InlineData("a\u2028b", "character 2 of the name is U+2028, which does not print")]
    [InlineData("ab\uFFFE", "character 3 of the name is U+FFFE, which does not print")]
    [InlineData("\U0001F600\U000E0041", "character 2 of the name is U+E0041, which does not print")]
    public void Names_that_would_not_print_as_written_are_refused_saying_why(string name, string why)
    {
        string? problem = SpecName.Problem(name);
        Assert.NotNull(problem);
        Assert.Contains(why, problem);
        Assert.EndsWith("; expected a name of 1 to 64 printable characters without leading or trailing spaces", problem);
    }

    [Fact]
    public void Half_a_surrogate_pair_is_refused()
    {
        // Built in code: test data passed through attributes loses a lone surrogate to U+FFFD.
        string name = "a" + (char)0xD800 + "b";
        Assert.StartsWith("character 2 of the name is half of a UTF-16 surrogate pair;", SpecName.Problem(name));
    }

    [Fact]
    public void A_name_of_65_characters_is_refused_by_its_length()
    {
        Assert.StartsWith("the name is 65 characters long;", SpecName.Problem(new string('n', 65)));
    }

    [Fact]
    public void The_scenario_device_and_vm_names_are_checked_at_their_keys()
    {
        var spec = new ScenarioSpec
        {
            Name = "bad\u001B",
            Devices = [new DmaStreamSpec { Name = "" }],
        };
        var keys = spec.Validate().Select(p => p.Key).ToList();
        Assert.Contains("name", keys);
        Assert.Contains("devices.0.name", keys);
    }
}
