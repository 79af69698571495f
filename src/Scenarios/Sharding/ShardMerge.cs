using System.Globalization;
using IommuSim.Model;
using IommuSim.Scenarios.Commands;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Running;

namespace IommuSim.Scenarios.Sharding;

/// <summary>
/// Puts the shards of one sharded run back together, after checking that they are that: written by this very tool,
/// of one scenario with one set of changes, cut into one number of shards, each shard once and none missing, and each
/// holding exactly the cells its index gives it. The result is the scenario as loaded and every cell's result in grid
/// order, as a single run has them.
/// </summary>
internal static class ShardMerge
{
    public sealed record Outcome(LoadedScenario? Scenario, IReadOnlyList<RunResult>? Results, IReadOnlyList<string> Problems);

    public static Outcome Combine(IReadOnlyList<ShardDirectory> shards, string toolVersion)
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
        if (problems.Count > 0) return new Outcome(null, null, problems);

        int count = first.Manifest.Shards;
        foreach (var twice in shards.GroupBy(s => s.Manifest.Shard).Where(g => g.Count() > 1))
            problems.Add(Invariant($"{string.Join(" and ", twice.Select(s => s.Shown))}: error: each is shard {twice.Key}/{count}; expected each shard once"));
        var missing = Enumerable.Range(0, count).Except(shards.Select(s => s.Manifest.Shard)).ToList();
        if (missing.Count > 0)
        {
            string list = string.Join(", ", missing.Select(i => Invariant($"{i}/{count}")));
            problems.Add(Invariant($"merge: error: shard{(missing.Count == 1 ? "" : "s")} {list} missing; expected every shard from 0/{count} to {count - 1}/{count}"));
        }
        if (problems.Count > 0) return new Outcome(null, null, problems);

        // The scenario as the single run loads it, from the text the shards ran.
        var identity = first.Manifest.Scenario;
        var loaded = ScenarioLoader.LoadText(identity.Text, identity.Source, identity.Sets, identity.Seed);
        var chosen = loaded.Ok ? VariantChoice.Only(loaded.Scenario!, identity.Variants) : loaded;
        if (!chosen.Ok)
            return new Outcome(null, null, [.. chosen.Problems.Select(p => $"{first.Shown}: error: the shards' scenario does not load with this tool: {p}")]);
        var scenario = chosen.Scenario!;
        var jobs = RunJob.For(scenario);
        var results = new RunResult[jobs.Count];
        foreach (var s in shards.OrderBy(s => s.Manifest.Shard))
        {
            var shard = new ShardIndex(s.Manifest.Shard, count);
            var expected = jobs.Where(j => shard.Holds(j.Index)).Select(j => new ShardCell(j.Index, j.Variant.Name, j.Replication)).ToList();
            if (s.Manifest.TotalCells != jobs.Count || !expected.SequenceEqual(s.Manifest.Cells))
            {
                problems.Add(Invariant($"{s.Shown}: error: its {s.Manifest.Cells.Count} cells are not those shard {shard} of this scenario's {jobs.Count} has ({expected.Count}); expected an unchanged shard"));
                continue;
            }
            for (int k = 0; k < expected.Count; k++) results[expected[k].Index] = s.Results[k];
        }
        return problems.Count > 0 ? new Outcome(null, null, problems) : new Outcome(scenario, results, []);
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
