using IommuSim.Kernel;
using IommuSim.Observe.Ftrace;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Observe.Recording;

/// <summary>
/// Records events as raw records (<see cref="IommuRawRecords"/>) in a <see cref="TraceDatWriter"/>, on the
/// context's CPU at the event's time in nanoseconds; keeps the pid-to-task table that the file's cmdlines
/// section carries.
/// </summary>
/// <remarks>Allocation-free per event except the first time a pid is seen.</remarks>
public sealed class DatTraceRecorder : ITraceRecorder
{
    private readonly TraceDatWriter _writer;
    private readonly FtraceProfile _profile;
    // A ring-buffer page holds at most a record of about 4 KiB; the encoder refuses anything longer.
    private readonly byte[] _record = new byte[4096];
    private readonly Dictionary<int, string> _tasks = [];

    /// <summary>Appends to <paramref name="writer"/> the records of <paramref name="profile"/>'s events.</summary>
    public DatTraceRecorder(TraceDatWriter writer, FtraceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(profile);
        _writer = writer;
        _profile = profile;
    }

    /// <summary>Events appended.</summary>
    public long Events { get; private set; }

    /// <summary>Every task seen (pid 0, the idle task, excepted: trace-cmd names it itself), by pid.</summary>
    public IReadOnlyList<TraceCommandLine> CommandLines =>
        [.. _tasks.OrderBy(t => t.Key).Select(t => new TraceCommandLine(t.Key, t.Value))];

    /// <summary>Writes the file, with <see cref="CommandLines"/> as its cmdlines.</summary>
    public void Complete() => _writer.Complete(CommandLines);

    /// <inheritdoc/>
    public void Record(in TraceContext context, in MapEvent traceEvent) =>
        Append(context, traceEvent.Timestamp, IommuRawRecords.EncodeMap(context, traceEvent, _record));

    /// <inheritdoc/>
    public void Record(in TraceContext context, in UnmapEvent traceEvent) =>
        Append(context, traceEvent.Timestamp, IommuRawRecords.EncodeUnmap(context, traceEvent, _record));

    /// <inheritdoc/>
    public void Record(in TraceContext context, in IoPageFaultEvent traceEvent) =>
        Append(context, traceEvent.Timestamp, IommuRawRecords.EncodeIoPageFault(context, traceEvent, _record));

    /// <inheritdoc/>
    public void Record(in TraceContext context, in GroupEvent traceEvent) =>
        Append(context, traceEvent.Timestamp, IommuRawRecords.EncodeGroup(context, traceEvent, _record));

    /// <inheritdoc/>
    public void Record(in TraceContext context, in DeviceDomainEvent traceEvent)
    {
        if (traceEvent.Kind == DeviceDomainEventKind.DetachDeviceFromDomain && !_profile.HasDetachEvent) return;
        Append(context, traceEvent.Timestamp, IommuRawRecords.EncodeDeviceDomain(context, traceEvent, _record));
    }

    private void Append(in TraceContext context, SimTime timestamp, int length)
    {
        if (context.Pid != 0 && !_tasks.ContainsKey(context.Pid)) _tasks.Add(context.Pid, context.Comm);
        _writer.Append(context.Cpu, timestamp.Picoseconds / SimTime.PsPerNs, _record.AsSpan(0, length));
        Events++;
    }
}
