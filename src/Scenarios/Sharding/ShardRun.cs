using System.Globalization;
using IommuSim.Model;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Outputs;
using IommuSim.Scenarios.Running;

namespace IommuSim.Scenarios.Sharding;

/// <summary>
/// <c>iommusim run FILE --shard I/N</c>: runs the cells of the run grid that are shard I's (cell k, the k-th
/// (variant, replication) in the single run's output order, is shard k mod N's) and writes their results whole, with a
/// manifest, for <c>iommusim merge</c>. Cells are dealt round-robin so that each shard gets a share of every variant,
/// cheap and dear alike; which shard holds a cell depends on the scenario alone, not on the machine or the thread count.
/// </summary>
internal static class ShardRun
{
    /// <summary>The shard's cells in grid order.</summary>
    public static IReadOnlyList<RunJob> Jobs(LoadedScenario scenario, ShardIndex shard) =>
        [.. RunJob.For(scenario).Where(j => shard.Holds(j.Index))];

    /// <summary>Runs the shard's cells on up to <paramref name="workers"/> threads and writes them into <paramref name="directory"/>.</summary>
    public static void Run(LoadedScenario scenario, ShardScenario identity, ShardIndex shard, string directory, ReplicationRunner runner,
        int workers, string toolVersion, CancellationToken cancellationToken)
    {
        var jobs = Jobs(scenario, shard);
        var position = new Dictionary<(string, int), int>();
        for (int i = 0; i < jobs.Count; i++) position[(jobs[i].Variant.Name, jobs[i].Replication)] = i;
        // The batch runner keeps only figures; a shard keeps each replication whole, its histograms included.
        var whole = new RunResult[jobs.Count];
        ReplicationRunner keeping = (spec, variant, replication, progress, token) =>
            whole[position[(variant, replication)]] = runner(spec, variant, replication, progress, token);
        BatchRunner.Run(jobs, keeping, workers, new BatchProgress(jobs), new RunDistributions(), cancellationToken);
        int total = scenario.TotalReplications;
        var manifest = new ShardManifest(ShardManifest.FormatName, ShardManifest.CurrentVersion, toolVersion, identity.Sha256, identity,
            shard.Index, shard.Count, total, [.. jobs.Select(j => new ShardCell(j.Index, j.Variant.Name, j.Replication))]);
        ShardOutputs.Write(directory, manifest, whole, cancellationToken);
    }

    /// <summary>"shard 1/4: 3 of 12 cells in DIR".</summary>
    public static string Done(ShardIndex shard, int cells, int total, string directory) =>
        string.Create(CultureInfo.InvariantCulture, $"shard {shard}: {cells} of {total} cells in {directory}");
}
