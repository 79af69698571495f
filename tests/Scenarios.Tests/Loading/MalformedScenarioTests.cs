using System.Text.RegularExpressions;

namespace IommuSim.Scenarios.Tests.Loading;

public partial class MalformedScenarioTests
{
    public static IEnumerable<object[]> CaseIds() => MalformedCases.All.Keys.Select(k => new object[] { k });

    [Fact]
    public void There_are_at_least_a_hundred_cases() => Assert.True(MalformedCases.All.Count >= 100, $"{MalformedCases.All.Count} cases");

    [Fact]
    public void The_template_itself_is_valid()
    {
        using var dir = new TempDirectory();
        var (exit, output, err) = CliRunner.Run("validate", dir.Write("template.yaml", MalformedCases.Template));
        Assert.True(exit == 0, err);
        Assert.StartsWith("OK ", output);
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Run_exits_2_with_the_position_and_what_was_expected_and_writes_nothing(string id)
    {
        var c = MalformedCases.All[id];
        using var dir = new TempDirectory();
        string file = dir.Write("scenario.yaml", c.Yaml);
        var (exit, output, err) = CliRunner.Run(["run", file, "--out", dir["out"], .. c.Args]);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("Exception", err);
        Assert.Equal(["scenario.yaml"], dir.Entries());

        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
            Assert.Matches(Located(), line);

        string prefix = c.ArgLocation is not null ? $"{c.ArgLocation}: error: "
            : c.Line > 0 ? $"{file}:{c.Line}:{c.Column}: error: " : null!;
        var matching = lines.Where(l => l.Contains(c.Fragment, StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count > 0, $"no line contains '{c.Fragment}':\n{err}");
        if (prefix is not null)
            Assert.True(matching.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)), $"expected at '{prefix}':\n{err}");
        else
            Assert.Contains(matching, l => l.StartsWith(file + ":", StringComparison.Ordinal));
        // Rules across keys come with the record's own wording; everything else says what was expected.
        if (!c.IsRuleOfRecord)
            Assert.Contains("; expected ", matching[0]);
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Validate_reports_the_same_problems(string id)
    {
        var c = MalformedCases.All[id];
        using var dir = new TempDirectory();
        string file = dir.Write("scenario.yaml", c.Yaml);
        var (runExit, _, runErr) = CliRunner.Run(["run", file, "--out", dir["out"], .. c.Args]);
        var (exit, output, err) = CliRunner.Run(["validate", file, .. c.Args]);
        Assert.Equal(2, exit);
        Assert.Equal(2, runExit);
        Assert.Equal("", output);
        Assert.Equal(runErr, err);
    }

    // FILE:LINE:COL, a whole file, or a command-line argument, then the message.
    [GeneratedRegex(@"^(\S+:\d+:\d+|\S+\.yaml|--set .*|--seed .*): error: \S.*$")]
    private static partial Regex Located();
}
