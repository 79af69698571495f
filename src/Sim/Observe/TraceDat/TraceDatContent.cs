namespace IommuSim.Observe.TraceDat;

/// <summary>
/// The static part of a trace: what /sys/kernel/tracing and /proc would show on the traced machine. The writer
/// stores it as given; the defaults describe a 64-bit x86 kernel and an empty symbol table.
/// </summary>
public sealed class TraceDatContent
{
    /// <summary>The traced machine's CPUs; events are appended per CPU, 0 to <see cref="CpuCount"/> - 1.</summary>
    public required int CpuCount { get; init; }

    /// <summary>The trace clock: "local" or "global" (both count nanoseconds; trace-cmd shows them as seconds).</summary>
    public string TraceClock { get; init; } = "local";

    /// <summary>events/header_page; the writer's pages follow <see cref="RingBufferLayout.HeaderPageText"/>.</summary>
    public string HeaderPage { get; init; } = RingBufferLayout.HeaderPageText;

    /// <summary>events/header_event; the writer's events follow <see cref="RingBufferLayout.HeaderEventText"/>.</summary>
    public string HeaderEvent { get; init; } = RingBufferLayout.HeaderEventText;

    /// <summary>The events/ftrace/*/format files; trace-cmd reads a file without them.</summary>
    public IReadOnlyList<string> FtraceFormats { get; init; } = [];

    /// <summary>The one event system the trace's events belong to.</summary>
    public string SystemName { get; init; } = "iommu";

    /// <summary>The system's event format files.</summary>
    public IReadOnlyList<TraceEventFormat> Events { get; init; } = [];

    /// <summary>/proc/kallsyms text ("address type name" lines); may be empty.</summary>
    public string Kallsyms { get; init; } = "";

    /// <summary>printk_formats text; may be empty.</summary>
    public string PrintkFormats { get; init; } = "";

    /// <summary>The pid to command-name pairs trace-cmd shows for each record's common_pid.</summary>
    public IReadOnlyList<TraceCommandLine> CommandLines { get; init; } = [];

    internal TraceDatContent WithCommandLines(IReadOnlyList<TraceCommandLine> commandLines) => new()
    {
        CpuCount = CpuCount, TraceClock = TraceClock, HeaderPage = HeaderPage, HeaderEvent = HeaderEvent,
        FtraceFormats = FtraceFormats, SystemName = SystemName, Events = Events, Kallsyms = Kallsyms,
        PrintkFormats = PrintkFormats, CommandLines = commandLines,
    };

    internal void Validate()
    {
        if (CpuCount < 1 || CpuCount > 8192) throw new ArgumentOutOfRangeException(nameof(CpuCount), CpuCount, "a trace has 1 to 8192 CPUs");
        if (TraceClock is not ("local" or "global")) throw new ArgumentException($"trace clock '{TraceClock}' is not local or global", nameof(TraceClock));
        if (string.IsNullOrEmpty(SystemName) || SystemName.Contains('\0')) throw new ArgumentException("the event system needs a name", nameof(SystemName));
        foreach (var e in Events)
        {
            if (e.Id < 0 || e.Id > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(Events), e.Id, $"event {e.Name}: common_type is a u16");
            if (!e.Format.Contains($"ID: {e.Id}\n", StringComparison.Ordinal))
                throw new ArgumentException($"event {e.Name}: its format has no line 'ID: {e.Id}'", nameof(Events));
        }
    }
}
