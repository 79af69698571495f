using IommuSim.Observe.Ftrace;

namespace IommuSim.Scenarios.Tracing;

/// <summary>
/// Writes a kernel profile's iommu event files as tracefs lays them out: <c>events/iommu/&lt;event&gt;/format</c>
/// and <c>.../id</c>, for parsers that read a tracefs tree.
/// </summary>
internal static class EventFormatFiles
{
    /// <summary>Writes the files under <paramref name="directory"/>; returns their paths, in event order.</summary>
    public static IReadOnlyList<string> Write(string directory, FtraceProfile profile)
    {
        var written = new List<string>();
        foreach (var format in IommuEventFormats.All(profile))
        {
            string eventDirectory = Path.Combine(directory, "events", "iommu", format.Name);
            Directory.CreateDirectory(eventDirectory);
            string path = Path.Combine(eventDirectory, "format");
            File.WriteAllText(path, format.FormatFile());
            File.WriteAllText(Path.Combine(eventDirectory, "id"), $"{format.Id}\n");
            written.Add(path);
        }
        return written;
    }
}
