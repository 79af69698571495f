using System.Text.Json;
using IommuSim.Model;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Sharding;

/// <summary>
/// One shard's directory as <c>iommusim merge</c> reads it: its manifest first, for every shard, to check they are one
/// run's; then its results, one shard at a time (<see cref="ReadResults"/>), so a merge holds one shard's histograms at once.
/// </summary>
internal sealed record ShardDirectory(string Path, ShardManifest Manifest)
{
    /// <summary>Reads the manifest in <paramref name="path"/>; null with <paramref name="problem"/> (a line naming the directory) when it is not a shard.</summary>
    public static ShardDirectory? Read(string path, out string? problem)
    {
        problem = null;
        string shown = Excerpt.OfPath(path.Length == 0 ? "\"\"" : path);
        if (!Directory.Exists(path))
        {
            problem = $"{shown}: error: {(File.Exists(path) ? "is a file" : "no such directory")}; expected the --out directory of iommusim run --shard";
            return null;
        }
        string manifestPath = System.IO.Path.Combine(path, ShardManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            problem = $"{shown}: error: no {ShardManifest.FileName}; expected the --out directory of iommusim run --shard (did that shard finish?)";
            return null;
        }
        ShardManifest? manifest;
        try
        {
            using var stream = File.OpenRead(manifestPath);
            manifest = JsonSerializer.Deserialize<ShardManifest>(stream, ShardJson.Options);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = $"{shown}/{ShardManifest.FileName}: error: not a shard manifest ({Excerpt.Of(e.Message)})";
            return null;
        }
        if (manifest is null || manifest.Format != ShardManifest.FormatName || manifest.FormatVersion != ShardManifest.CurrentVersion
            || manifest.Scenario is null || manifest.Cells is null)
        {
            problem = $"{shown}/{ShardManifest.FileName}: error: not a shard manifest of format {ShardManifest.FormatName} {ShardManifest.CurrentVersion}";
            return null;
        }
        if (!File.Exists(System.IO.Path.Combine(path, ShardOutputs.ResultsFileName)))
        {
            problem = $"{shown}: error: no {ShardOutputs.ResultsFileName} beside {ShardManifest.FileName}; expected the --out directory of iommusim run --shard";
            return null;
        }
        return new ShardDirectory(path, manifest);
    }

    /// <summary>The shard's results, whole, in cell order; null with <paramref name="problem"/> when they cannot be read or are not the manifest's cells.</summary>
    public IReadOnlyList<RunResult>? ReadResults(out string? problem)
    {
        problem = null;
        IReadOnlyList<RunResult>? results;
        try
        {
            using var stream = File.OpenRead(System.IO.Path.Combine(Path, ShardOutputs.ResultsFileName));
            results = JsonSerializer.Deserialize<List<RunResult>>(stream, ShardJson.Options);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = $"{Shown}/{ShardOutputs.ResultsFileName}: error: the shard's results cannot be read ({Excerpt.Of(e.Message)})";
            return null;
        }
        if (results is null || results.Count != Manifest.Cells.Count || results.Where((r, i) => r is null || r.Variant != Manifest.Cells[i].Variant
                || r.Replication != Manifest.Cells[i].Replication || r.Metrics is null || r.Metrics.Any(m => m is null || !m.HasDistribution)).Any())
        {
            problem = $"{Shown}/{ShardOutputs.ResultsFileName}: error: the results are not those of the manifest's {Manifest.Cells.Count} cells";
            return null;
        }
        return results;
    }

    /// <summary>The directory as the user named it, for messages.</summary>
    public string Shown => Excerpt.OfPath(Path);
}
