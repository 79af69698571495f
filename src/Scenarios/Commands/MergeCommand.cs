using System.CommandLine;
using IommuSim.Model;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;
using IommuSim.Scenarios.Outputs;
using IommuSim.Scenarios.Running;
using IommuSim.Scenarios.Sharding;

namespace IommuSim.Scenarios.Commands;

/// <summary>
/// <c>iommusim merge DIR... --out OUT</c>: the shards of a sharded run (<c>run --shard I/N</c>) put back together into
/// the outputs a single <c>iommusim run</c> of the same file, changes and seed writes, byte for byte. Shards that are not
/// one run's (another scenario, other changes, another tool), a shard missing or given twice, or a directory that is not
/// a shard, exit 2 naming them before anything is written.
/// </summary>
internal static class MergeCommand
{
    public static Command Build(CliEnvironment environment)
    {
        var shards = new Argument<string[]>("DIR")
        {
            Description = "The --out directory of every shard of one run, in any order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Output directory (default: out/<scenario file name without extension>)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No summary table." };
        var wide = new Option<bool>("--wide") { Description = "Print every figure (a wider table)." };
        var command = new Command("merge",
            "Put the shards of a sharded run (iommusim run FILE --shard I/N) together: check that they are every shard of one run,\n" +
            "once each, by this version of iommusim, and write the outputs a single run of FILE writes (summary.csv, sweep.csv,\n" +
            "latency.csv, histogram.csv, devices.csv, figures.csv, cpu.csv, iommu.csv, scenario.resolved.yaml, report.html).\n" +
            "Example: iommusim merge out/sweep/shards/0 out/sweep/shards/1 --out out/sweep")
        {
            shards, output, quiet, wide,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Merge(environment, parse.GetValue(shards)!, parse.GetValue(output), parse.GetValue(quiet),
            parse.GetValue(wide), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken)));
        return command;
    }

    private static int Merge(CliEnvironment environment, string[] paths, string? output, bool quiet, bool wide, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellationToken)
    {
        var read = new List<ShardDirectory>();
        var problems = new List<string>();
        foreach (var path in paths)
        {
            if (ShardDirectory.Read(path, out string? problem) is { } shard) read.Add(shard);
            else problems.Add(problem!);
        }
        if (problems.Count == 0)
        {
            var checkedShards = ShardMerge.Check(read, ToolVersion.Current);
            problems.AddRange(checkedShards.Problems);
            if (problems.Count == 0)
            {
                var scenario = checkedShards.Scenario!;
                var distributions = new RunDistributions();
                if (ShardMerge.Collect(read, scenario.TotalReplications, distributions, problems) is { } results)
                    return Write(environment, scenario, results, distributions, output, quiet, wide, stdout, stderr, cancellationToken);
            }
        }
        foreach (var p in problems.Take(ScenarioInput.MaxReported)) stderr.WriteLine(Excerpt.Of(p, ScenarioInput.MaxLineLength));
        stderr.WriteLine("merge: nothing was written");
        return ExitCodes.InputError;
    }

    private static int Write(CliEnvironment environment, LoadedScenario scenario, IReadOnlyList<RunResult> results, RunDistributions distributions,
        string? output, bool quiet, bool wide,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string directory = output ?? RunCommand.DefaultOutputDirectory(scenario.Source);
        string shown = "--out " + (directory.Length == 0 ? "\"\"" : Excerpt.OfPath(directory));
        var location = OutputLocation.Check(directory, RunOutputs.FileNames);
        if (location.Problem is not null) return ScenarioInput.Reject(stderr, [new ScenarioProblem(SourceLocation.Whole(shown), location.Problem)]);
        var setWarnings = RunWarnings.OfVariants(scenario);
        var modelWarnings = RunWarnings.OfResults(results);
        try
        {
            RunOutputs.Write(location.Directory!, scenario, results, distributions, ToolVersion.Current, cancellationToken, warnings: [.. setWarnings, .. modelWarnings]);
        }
        catch (Exception e) when (OutputFailure.Is(e))
        {
            stderr.WriteLine(OutputFailure.Message(e, shown, "outputs"));
            return ExitCodes.InternalError;
        }
        foreach (var w in modelWarnings) stderr.WriteLine("warning: " + Excerpt.Of(w, ScenarioInput.MaxLineLength));
        if (!quiet)
            SummaryTable.Write(CliEnvironment.ConsoleFor(stdout, environment.StdoutIsTerminal), scenario.Variants[0].Spec.Name,
                VariantSummary.Of(results, distributions), directory, wide);
        return ExitCodes.Ok;
    }
}
