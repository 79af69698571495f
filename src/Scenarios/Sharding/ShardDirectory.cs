using System.Text.Json;
using IommuSim.Model;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Sharding;

/// <summary>One shard's directory as <c>iommusim merge</c> reads it: its manifest and its results, or what is wrong with them.</summary>
internal sealed record ShardDirectory(string Path, ShardManifest Manifest, IReadOnlyList<RunResult> Results)
{
    /// <summary>Reads <paramref name="path"/>; null with <paramref name="problem"/> (a line naming the directory) when it is not a shard.</summary>
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
        IReadOnlyList<RunResult>? results;
        try
        {
            using var stream = File.OpenRead(System.IO.Path.Combine(path, ShardOutputs.ResultsFileName));
            results = JsonSerializer.Deserialize<List<RunResult>>(stream, ShardJson.Options);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = $"{shown}/{ShardOutputs.ResultsFileName}: error: the shard's results cannot be read ({Excerpt.Of(e.Message)})";
            return null;
        }
        if (results is null || results.Count != manifest.Cells.Count || results.Where((r, i) => r is null || r.Variant != manifest.Cells[i].Variant
                || r.Replication != manifest.Cells[i].Replication).Any())
        {
            problem = $"{shown}/{ShardOutputs.ResultsFileName}: error: the results are not those of the manifest's {manifest.Cells.Count} cells";
            return null;
        }
        return new ShardDirectory(path, manifest, results);
    }

    /// <summary>The directory as the user named it, for messages.</summary>
    public string Shown => Excerpt.OfPath(Path);
}
