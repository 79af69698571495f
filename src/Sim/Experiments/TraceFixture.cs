using IommuSim.Model;

namespace IommuSim.Experiments;

/// <summary>
/// The Linux <c>iommu</c> trace events of one replication, as ftrace text (the <c>trace</c> file of tracefs, header
/// included) and as a trace-cmd <c>trace.dat</c> (version 7, uncompressed), with the run that raised them.
/// </summary>
/// <param name="Text">The ftrace text, "\n" line ends.</param>
/// <param name="Dat">The trace-cmd file's bytes.</param>
/// <param name="Events">The events in both (after the limit).</param>
/// <param name="Run">The replication's result: its counters match the events (<c>iommu_maps</c> and map lines, ...).</param>
public sealed record TraceFixture(string Text, byte[] Dat, long Events, RunResult Run)
{
    /// <summary>The event lines of <see cref="Text"/>, without the header's <c>#</c> lines.</summary>
    public IReadOnlyList<string> EventLines => [.. Text.Split('\n').Where(l => l.Length > 0 && l[0] != '#')];

    /// <summary>The event count and sizes.</summary>
    public override string ToString() => $"{Events} events: {Text.Length:N0} characters of text, {Dat.Length:N0} bytes of trace.dat";
}
