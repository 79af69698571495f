using IommuSim.Kernel;

namespace IommuSim.Devices.Replay;

/// <summary>
/// Reads the <c>iommu:map</c> and <c>iommu:unmap</c> events of a Linux ftrace text (what /sys/kernel/tracing/trace
/// or trace-cmd report prints) one at a time, in constant memory however long the file. Lines starting with '#'
/// (the header) and blank lines are skipped, as are trace-cmd's preamble lines (<c>cpus=</c>, <c>version =</c>,
/// <c>CPU n is empty</c>). Each event line has the layout <c>TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: TEXT</c>, with or
/// without the flags column (four or five characters) and the TGID column; events other than map and unmap are
/// skipped and counted. The map and unmap texts of current kernels (with the range's end) and of earlier ones are
/// both read. Timestamps must not decrease. The kernel's <c>CPU:n [LOST m EVENTS]</c> line is a problem: maps or
/// unmaps may be missing after it. A bad line is skipped and reported as a <see cref="TraceProblem"/>
/// at the offending field's column, never thrown.
/// </summary>
public sealed class FtraceIommuReader
{
    private readonly TextReader _reader;
    private readonly TraceProblemLog _problems = new();
    private bool _finished;
    private SimTime _lastTime;
    private long _lastTimeLine;

    /// <summary>Reads from <paramref name="reader"/>, which stays the caller's to dispose.</summary>
    public FtraceIommuReader(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    /// <summary>Lines read so far.</summary>
    public long LinesRead { get; private set; }

    /// <summary>Map and unmap events returned so far.</summary>
    public long Records { get; private set; }

    /// <summary>Events of other kinds skipped so far (the trace may record any events beside the iommu ones).</summary>
    public long SkippedEvents { get; private set; }

    /// <summary>The first problems found (at most 100), in file order.</summary>
    public IReadOnlyList<TraceProblem> Problems => _problems.First;

    /// <summary>Every problem found so far, including those not kept in <see cref="Problems"/>.</summary>
    public long ProblemCount => _problems.Count;

    /// <summary>
    /// Reads the next map or unmap event into <paramref name="record"/>; false at the end of the file. Bad lines are
    /// skipped and counted in <see cref="ProblemCount"/>; at the end, a trace without any map or unmap event is a problem.
    /// </summary>
    public bool Read(out IommuTraceRecord record)
    {
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            LinesRead++;
            var text = line.AsSpan();
            var trimmed = text.TrimStart();
            if (trimmed.IsEmpty || trimmed[0] == '#' || IsTraceCmdPreamble(text)) continue;
            if (text.StartsWith("CPU:", StringComparison.Ordinal) && text.IndexOf("[LOST", StringComparison.Ordinal) is int lost and >= 0)
            {
                // kernel/trace/trace.c, print_trace_line: the ring buffer overran, so maps or unmaps may be missing.
                _problems.Add(LinesRead, lost + 1,
                    "the kernel lost events on this CPU here (its trace buffer overran): the trace is incomplete; trace again with a larger buffer_size_kb");
                continue;
            }
            if (!FtraceLineContext.TryParse(text, out int cpu, out var timestamp, out var eventName, out int textStart, out int column, out string message))
            {
                _problems.Add(LinesRead, column, message);
                continue;
            }
            IommuTraceEventKind kind;
            if (eventName.SequenceEqual(MapEventName)) kind = IommuTraceEventKind.Map;
            else if (eventName.SequenceEqual(UnmapEventName)) kind = IommuTraceEventKind.Unmap;
            else
            {
                SkippedEvents++;
                continue;
            }
            if (!IommuEventText.TryParse(text, textStart, kind, out ulong iova, out ulong size, out ulong second, out column, out message))
            {
                _problems.Add(LinesRead, column, message);
                continue;
            }
            if (timestamp < _lastTime)
            {
                _problems.Add(LinesRead, TimestampColumn(text, textStart),
                    $"timestamp {timestamp} is before {_lastTime} on line {_lastTimeLine}: timestamps must not decrease");
                continue;
            }
            _lastTime = timestamp;
            _lastTimeLine = LinesRead;
            Records++;
            record = kind == IommuTraceEventKind.Map
                ? new IommuTraceRecord(timestamp, cpu, kind, iova, size, second, 0, LinesRead)
                : new IommuTraceRecord(timestamp, cpu, kind, iova, size, 0, second, LinesRead);
            return true;
        }
        if (!_finished)
        {
            _finished = true;
            if (Records == 0 && _problems.Count == 0)
                _problems.Add(Math.Max(LinesRead, 1), 1,
                    $"no iommu map or unmap events ({SkippedEvents} other events): enable them before tracing (events/iommu/map/enable, events/iommu/unmap/enable)");
        }
        record = default;
        return false;
    }

    /// <summary>The name of the map event in the trace (<c>TRACE_EVENT(map, ...)</c>).</summary>
    public const string MapEventName = "map";

    /// <summary>The name of the unmap event in the trace (<c>TRACE_EVENT(unmap, ...)</c>).</summary>
    public const string UnmapEventName = "unmap";

    // trace-cmd report starts with "cpus=N" (and "version = N" in its header dumps) and says "CPU n is empty".
    private static bool IsTraceCmdPreamble(ReadOnlySpan<char> line) =>
        line.StartsWith("cpus=", StringComparison.Ordinal) || line.StartsWith("version = ", StringComparison.Ordinal)
        || (line.StartsWith("CPU ", StringComparison.Ordinal) && line.EndsWith(" is empty", StringComparison.Ordinal));

    // The timestamp is the token ending in ':' before the event name, which ends just before the text.
    private static int TimestampColumn(ReadOnlySpan<char> line, int textStart)
    {
        var head = line[..textStart].TrimEnd();
        int eventStart = head.LastIndexOf(' ') + 1;
        var beforeEvent = head[..eventStart].TrimEnd();
        return beforeEvent.LastIndexOf(' ') + 2;
    }
}
