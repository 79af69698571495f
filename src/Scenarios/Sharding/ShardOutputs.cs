using System.Text.Json;
using IommuSim.Model;
using IommuSim.Scenarios.Outputs;

namespace IommuSim.Scenarios.Sharding;

/// <summary>
/// What <c>iommusim run --shard I/N</c> writes into its directory, all or nothing (as every run's outputs): the
/// manifest and the results of its cells, each replication whole (figures, counters and latency histograms), in cell
/// order. A directory that holds an earlier attempt of the shard gets the new files in its place.
/// </summary>
internal static class ShardOutputs
{
    public const string ResultsFileName = "results.json";

    /// <summary>The files written.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [ShardManifest.FileName, ResultsFileName];

    public static void Write(string directory, ShardManifest manifest, IReadOnlyList<RunResult> results, CancellationToken cancellationToken)
    {
        using var staged = new StagedDirectory(directory, cancellationToken);
        using (var stream = new FileStream(staged.File(ResultsFileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            JsonSerializer.Serialize(stream, results, ShardJson.Options);
        // The manifest last: a reader that finds it finds its results beside it.
        using (var stream = new FileStream(staged.File(ShardManifest.FileName), FileMode.CreateNew, FileAccess.Write, FileShare.None))
            JsonSerializer.Serialize(stream, manifest, ShardJson.Manifest);
        staged.Commit();
    }
}
