using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using IommuSim.Scenarios.Tests.Loading;

namespace IommuSim.Scenarios.Tests.Hostile;

/// <summary>
/// The shipped scenarios, edited at random (<see cref="ScenarioMutation"/>): whatever the edit, <c>validate</c> ends
/// with exit 0, or with exit 2 and only messages that point into the file (line and column within it), never a
/// crash, an internal error or a stack trace. What validates, shortened with <c>--set</c>, also runs: a scenario
/// <c>validate</c> accepts must not fail when run. Random on each test run (CsCheck prints the seed of a failure
/// to rerun it with; CsCheck_Seed in the environment replays it).
/// </summary>
public class MutatedScenarioTests
{
    private static readonly string[] Shipped =
        [.. Directory.GetFiles(RepositoryFiles.Path("scenarios"), "*.yaml").Order(StringComparer.Ordinal)];

    private static readonly string[] Texts = [.. Shipped.Select(File.ReadAllText)];

    // Short enough that thousands of cases fit the CI budget; long enough that every device issues DMAs.
    private static readonly string[] Shorter = ["--set", "run.duration=2ms", "--set", "run.warmup=0s", "--set", "run.replications=1"];

    // The most DMAs a case may run: beyond, the case stops after validate (a mutation may make a rate huge).
    private const long MaxDmasRun = 200_000;

    private static readonly Gen<ScenarioMutation> Mutation =
        Gen.Select(Gen.Enum<MutationKind>(), Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.Int[0, 100_000],
            (kind, line, choice, offset) => new ScenarioMutation(kind, line, choice, offset));

    private static readonly Gen<(int Scenario, ScenarioMutation[] Mutations)> Case =
        Gen.Select(Gen.Int[0, Shipped.Length - 1], Mutation.Array[1, 3]);

    [Fact]
    public void Any_edit_of_a_shipped_scenario_validates_or_is_refused_at_a_place_in_the_file()
    {
        Assert.NotEmpty(Shipped);
        Case.Sample(c => Check(c.Scenario, c.Mutations), iter: 3_000,
            print: c => $"{Path.GetFileName(Shipped[c.Scenario])} with {string.Join(", ", c.Mutations.Select(m => m.ToString()))}");
    }

    private static void Check(int scenario, ScenarioMutation[] mutations)
    {
        using var dir = new TempDirectory();
        byte[] file = ScenarioMutation.Apply(Texts[scenario], mutations);
        string path = dir["scenario.yaml"];
        File.WriteAllBytes(path, file);
        int lines = LineCount(Encoding.UTF8.GetString(file));

        var (exit, stdout, stderr) = CliRunner.Run("validate", path);
        AcceptedOrLocated(exit, stdout, stderr, path, lines);
        if (exit != 0) return;
        (exit, stdout, stderr) = CliRunner.Run(["validate", path, .. Shorter]);
        AcceptedOrLocated(exit, stdout, stderr, path, lines);
        if (exit != 0 || Dmas(stdout) > MaxDmasRun) return;

        (exit, stdout, stderr) = CliRunner.Run(["run", path, "--quiet", "--jobs", "1", "--out", dir["out"], .. Shorter]);
        Assert.True(exit == 0, $"validate accepted it, but run exited {exit}:\n{stderr}\n--- file ---\n{Encoding.UTF8.GetString(file)}");
        Assert.Equal("", stdout);
        Assert.True(File.Exists(Path.Combine(dir["out"], "summary.csv")), "run wrote its outputs");
    }

    private static void AcceptedOrLocated(int exit, string stdout, string stderr, string path, int lines)
    {
        string context = $"exit {exit}:\n{HostileInput.Head(stderr)}";
        Assert.True(exit is 0 or 2, context);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        if (exit == 0)
        {
            Assert.StartsWith("OK ", stdout, StringComparison.Ordinal);
            return;
        }
        Assert.Equal("", stdout);
        var located = new Regex("^" + Regex.Escape(path) + @":(\d+):(\d+): error: \S", RegexOptions.CultureInvariant);
        var problems = stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')
            .Where(l => !l.StartsWith("warning: ", StringComparison.Ordinal) && !MoreProblems.IsMatch(l)).ToList();
        Assert.True(problems.Count > 0, context);
        foreach (var problem in problems)
        {
            var m = located.Match(problem);
            Assert.True(m.Success, $"not located in the file: {problem}\n{context}");
            int line = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), column = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.True(line >= 1 && line <= lines + 1 && column >= 1, $"line {line} column {column} is not in a file of {lines} lines: {problem}");
        }
    }

    // Lines as YAML 1.1 counts them (the loader's parser): CR LF, CR, LF, and NEL, LS and PS, which editors may not break at.
    private static int LineCount(string text) => Regex.Split(text, "\r\n|[\r\n\u0085\u2028\u2029]").Length;

    private static readonly Regex MoreProblems = new(@"^error: [\d,]+ more problems? not shown", RegexOptions.CultureInvariant);

    // "..., about 549,000 DMAs" in validate's line.
    private static long Dmas(string validateOutput)
    {
        var m = Regex.Match(validateOutput, @"about ([\d,]+) DMAs", RegexOptions.CultureInvariant);
        Assert.True(m.Success, validateOutput);
        return long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }
}
