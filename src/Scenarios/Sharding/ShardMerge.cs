using System.Globalization;
using IommuSim.Model;
using IommuSim.Scenarios.Commands;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Running;

namespace IommuSim.Scenarios.Sharding;

/// <summary>
/// Puts the shards of one sharded run back together, after checking that they are that: written by this very tool,
/// of one scenario with one set of changes, cut into one number of shards, each shard once and none missing, and each
/// holding exactly the cells its index gives it (<see cref="Check"/>); then reads their results one shard at a time
/// (<see cref="Collect"/>) into what a single run's batch leaves: every cell's figures in grid order and each variant's
/// distributions merged, so that a merge, like a run, holds one histogram per variant, device and metric.
/// </summary>
internal static class ShardMerge
{
    public sealed record Outcome(LoadedScenario? Scenario, IReadOnlyList<string> Problems);

    public static Outcome Check(IReadOnlyList<ShardDirectory> shards, string toolVersion)
    {
        var problems = new List<string>();
        var first = shards[0];
        foreach (var s in shards)
        {
            var m = s.Manifest;
            if (m.ToolVersion != toolVersion)
                problems.Add($"{s.Shown}: error: a shard of iommusim {m.ToolVersion}; expected {toolVersion}, the version of this merge (the outputs name the tool that ran them)");
            if (m.ScenarioSha256 != m.Scenario.Sha256)
                problems.Add($"{s.Shown}: error: the manifest's scenario does not match its hash; expected an unchanged {ShardManifest.FileName}");
            else if (m.ScenarioSha256 != first.Manifest.ScenarioSha256)
                problems.Add($"{s.Shown}: error: a shard of another scenario or other changes (scenario {Short(m.ScenarioSha256)}, " +
                             $"{first.Shown} has {Short(first.Manifest.ScenarioSha256)}); expected the shards of one run");
            else if (m.Shards != first.Manifest.Shards)
                problems.Add(Invariant($"{s.Shown}: error: one of {m.Shards} shards, {first.Shown} one of {first.Manifest.Shards} shards; expected the shards of one run"));
            else if (m.Shard < 0 || m.Shard >= m.Shards || m.Shards > ShardIndex.MaxCount)
                problems.Add(Invariant($"{s.Shown}: error: shard {m.Shard} of {m.Shards}; expected a shard from 0 to {m.Shards - 1}"));
        }
        if (problems.Count > 0) return new Outcome(null, problems);

        int count = first.Manifest.Shards;
        foreach (var twice in shards.GroupBy(s => s.Manifest.Shard).Where(g => g.Count() > 1))
            problems.Add(Invariant($"{string.Join(" and ", twice.Select(s => s.Shown))}: error: each is shard {twice.Key}/{count}; expected each shard once"));
        var missing = Enumerable.Range(0, count).Except(shards.Select(s => s.Manifest.Shard)).ToList();
        if (missing.Count > 0)
        {
            string list = string.Join(", ", missing.Select(i => Invariant($"{i}/{count}")));
            problems.Add(Invariant($"merge: error: shard{(missing.Count == 1 ? "" : "s")} {list} missing; expected every shard from 0/{count} to {count - 1}/{count}"));
        }
        if (problems.Count > 0) return new Outcome(null, problems);

        // The scenario as the single run loads it, from the text the shards ran.
        var identity = first.Manifest.Scenario;
        var loaded = ScenarioLoader.LoadText(identity.Text, identity.Source, identity.Sets, identity.Seed);
        var chosen = loaded.Ok ? VariantChoice.Only(loaded.Scenario!, identity.Variants) : loaded;
        if (!chosen.Ok)
            return new Outcome(null, [.. chosen.Problems.Select(p => $"{first.Shown}: error: the shards' scenario does not load with this tool: {p}")]);
        var scenario = chosen.Scenario!;
        var jobs = RunJob.For(scenario);
        foreach (var s in shards.OrderBy(s => s.Manifest.Shard))
        {
            var shard = new ShardIndex(s.Manifest.Shard, count);
            if (s.Manifest.TotalCells != jobs.Count || !Cells(jobs, shard).SequenceEqual(s.Manifest.Cells))
                problems.Add(Invariant($"{s.Shown}: error: its cells are not shard {shard}'s of this scenario ({Cells(jobs, shard).Count} of {jobs.Count} cells); expected an unchanged shard"));
        }
        return problems.Count > 0 ? new Outcome(null, problems) : new Outcome(scenario, []);
    }

    /// <summary>
    /// Every cell's result without its histograms, in grid order, with the histograms merged into <paramref name="distributions"/>;
    /// null with the problems when a shard's results cannot be read. The shards are those <see cref="Check"/> passed.
    /// </summary>
    public static IReadOnlyList<RunResult>? Collect(IReadOnlyList<ShardDirectory> shards, int cells, RunDistributions distributions, List<string> problems)
    {
        var results = new RunResult[cells];
        foreach (var s in shards.OrderBy(s => s.Manifest.Shard))
        {
            if (s.ReadResults(out string? problem) is not { } whole)
            {
                problems.Add(problem!);
                continue;
            }
            for (int k = 0; k < whole.Count; k++)
            {
                distributions.Add(whole[k]);
                results[s.Manifest.Cells[k].Index] = whole[k].WithoutDistributions();
            }
        }
        return problems.Count > 0 ? null : results;
    }

    private static List<ShardCell> Cells(IReadOnlyList<RunJob> jobs, ShardIndex shard) =>
        [.. jobs.Where(j => shard.Holds(j.Index)).Select(j => new ShardCell(j.Index, j.Variant.Name, j.Replication))];

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
