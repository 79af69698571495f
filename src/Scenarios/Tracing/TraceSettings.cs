using IommuSim.Observe.Ftrace;
using IommuSim.Observe.Recording;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Scenarios.Tracing;

/// <summary>What a traced run records and how it writes it.</summary>
/// <param name="Format">Text, .dat or both.</param>
/// <param name="Profile">The kernel whose events and text the trace shows.</param>
/// <param name="Events">The event kinds asked for; null for all the profile defines.</param>
/// <param name="Limit">Most events recorded; null for all.</param>
/// <param name="DatVersion">The .dat file version.</param>
/// <param name="Compression">The .dat compression (version 7 only).</param>
internal sealed record TraceSettings(TraceFormat Format, FtraceProfile Profile, IReadOnlyList<IommuEventKind>? Events, long? Limit,
    TraceDatVersion DatVersion, TraceDatCompression Compression)
{
    /// <summary>True when a text file is written.</summary>
    public bool WritesText => Format is TraceFormat.Text or TraceFormat.Both;

    /// <summary>True when a .dat file is written.</summary>
    public bool WritesDat => Format is TraceFormat.Dat or TraceFormat.Both;

    /// <summary>The files written for base path <paramref name="path"/>.</summary>
    public IReadOnlyList<string> FilesFor(string path) =>
        [.. WritesText ? [path + ".txt"] : Array.Empty<string>(), .. WritesDat ? [path + ".dat"] : Array.Empty<string>()];
}
