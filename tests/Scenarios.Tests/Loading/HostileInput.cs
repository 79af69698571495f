using System.Diagnostics;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Tests.Loading;

/// <summary>
/// Runs a hostile scenario through <c>run --out DIR</c> and <c>validate</c> in-process and checks that it is refused
/// like any bad input: exit code 2, one located message naming the problem, no stack trace, nothing written,
/// promptly and (for alias bombs) without expanding anything in memory.
/// </summary>
internal static class HostileInput
{
    /// <summary>Generous: the refusals take milliseconds; a crash or an expansion takes far longer or never ends.</summary>
    public static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Generous too: the inputs are at most a few MB, and a document at the node limit (a million nodes) allocates
    /// about 400 MB while it is parsed, most of it short-lived; an expanded bomb would need gigabytes.
    /// </summary>
    public const long AllocationBound = 512L * 1024 * 1024;

    /// <summary>
    /// Checks that <paramref name="yamlWithMarker"/> (a '§' marks where the problem is) is refused at the marker
    /// with a message containing <paramref name="fragment"/>; returns what validate printed on stderr.
    /// </summary>
    public static string RefusedInFile(string yamlWithMarker, string fragment, params string[] args)
    {
        var c = MalformedCase.Build("hostile", yamlWithMarker, fragment);
        Assert.True(c.Line > 0, "the case has no marker");
        return Refused(c.Yaml, file => $"{file}:{c.Line}:{c.Column}: error: ", fragment, args);
    }

    /// <summary>
    /// Checks that the valid <paramref name="yaml"/> with <c>--set <paramref name="set"/></c> is refused at that
    /// argument (named by its first characters when it is long).
    /// </summary>
    public static string RefusedInSet(string yaml, string set, string fragment) =>
        Refused(yaml, _ => $"--set {Excerpt.Of(set)}: error: ", fragment, ["--set", set]);

    /// <summary>
    /// Checks a refusal whose message starts with <paramref name="prefix"/> (given the file's path); returns
    /// validate's stderr.
    /// </summary>
    public static string Refused(string yaml, Func<string, string> prefix, string fragment, string[] args)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("scenario.yaml", yaml);
        string expected = prefix(file);

        var (runExit, runOut, runErr) = Measured(["run", file, "--out", dir["out"], .. args]);
        Assert.Equal(2, runExit);
        Assert.Equal("", runOut);
        Assert.Equal(["scenario.yaml"], dir.Entries());
        Assert.False(Directory.Exists(dir["out"]), "run wrote its output directory");

        var (exit, output, err) = Measured(["validate", file, .. args]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(runErr, err);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("Exception", err);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Any(l => l.StartsWith(expected, StringComparison.Ordinal) && l.Contains(fragment, StringComparison.Ordinal)),
            $"expected a line starting '{expected}' with '{fragment}', got:\n{Head(err)}");
        return err;
    }

    /// <summary>
    /// Runs the CLI in-process, checking the time and the memory it allocates. It runs on a worker thread so that
    /// a hang fails the test after <see cref="TimeBound"/> instead of stalling the whole test run.
    /// </summary>
    public static (int Exit, string Out, string Err) Measured(string[] args)
    {
        var run = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var result = CliRunner.Run(args);
            return (Result: result, clock.Elapsed, Allocated: GC.GetAllocatedBytesForCurrentThread() - before);
        });
        Assert.True(run.Wait(TimeBound), $"did not finish within {TimeBound.TotalSeconds} s");
        var (result, elapsed, allocated) = run.Result;
        Assert.True(elapsed < TimeBound, $"took {elapsed.TotalSeconds:F1} s:\n{Head(result.Err)}");
        Assert.True(allocated < AllocationBound, $"allocated {allocated / (1024 * 1024)} MiB:\n{Head(result.Err)}");
        return result;
    }

    /// <summary>The start of a long text, for assertion messages.</summary>
    public static string Head(string text) => text.Length <= 2000 ? text : text[..2000] + $"... ({text.Length} characters)";
}
