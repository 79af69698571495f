namespace IommuSim.Scenarios.Tracing;

/// <summary>Which trace files a traced run writes.</summary>
internal enum TraceFormat
{
    /// <summary>ftrace text, <c>PATH.txt</c>.</summary>
    Text,
    /// <summary>trace-cmd data, <c>PATH.dat</c>.</summary>
    Dat,
    /// <summary>Both.</summary>
    Both,
}
