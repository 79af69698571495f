using IommuSim.Kernel;

namespace IommuSim.Observe.Ftrace;

/// <summary>
/// A trace sink that writes each iommu event as one <c>/sys/kernel/tracing/trace</c> line
/// (<c>COMM-PID [CPU] FLAGS SECS.USECS: event: text</c>) to a <see cref="TextWriter"/>: constant memory, one
/// reused line buffer, output fixed by the events and the contexts alone.
/// </summary>
/// <remarks>
/// Connected to the model's sources, each kind takes the context set in the matching property; as an
/// <see cref="ITraceRecorder"/>, each event comes with its own (the model's <c>RunTrace</c> decides them).
/// Events the profile does not define (detach on <see cref="FtraceProfile.Current"/>) are skipped, as the
/// kernel would never have recorded them. Write the header with <see cref="FtraceHeader.Write"/> first when
/// the entry count is known; <c>trace_pipe</c> output has none.
/// </remarks>
public sealed class FtraceTextWriter : ITraceSink<MapEvent>, ITraceSink<UnmapEvent>, ITraceSink<IoPageFaultEvent>,
    ITraceSink<GroupEvent>, ITraceSink<DeviceDomainEvent>, ITraceRecorder
{
    private readonly TextWriter _writer;
    private readonly char[] _line = new char[FtraceText.LineCapacity];

    /// <summary>Creates a writer of <paramref name="profile"/>'s text to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where lines go; the caller owns and disposes it.</param>
    /// <param name="profile">Which kernel's formats and layout to print.</param>
    /// <param name="context">The initial context of every event kind.</param>
    /// <param name="layout">The context columns; by default the profile's. Set it to mix one profile's event text
    /// with the other layout's columns.</param>
    public FtraceTextWriter(TextWriter writer, FtraceProfile profile, TraceContext context,
        FtraceContextLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(profile);
        _writer = writer;
        Profile = profile;
        Layout = layout ?? profile.Layout;
        MapContext = UnmapContext = FaultContext = SetupContext = context;
    }

    /// <summary>The kernel profile printed.</summary>
    public FtraceProfile Profile { get; }

    /// <summary>The context columns printed.</summary>
    public FtraceContextLayout Layout { get; }

    /// <summary>Context of <c>map</c> lines.</summary>
    public TraceContext MapContext { get; set; }

    /// <summary>Context of <c>unmap</c> lines.</summary>
    public TraceContext UnmapContext { get; set; }

    /// <summary>Context of <c>io_page_fault</c> lines (the fault interrupt's handler: usually <c>d.h..</c>).</summary>
    public TraceContext FaultContext { get; set; }

    /// <summary>Context of group and attach/detach lines (boot or module probe).</summary>
    public TraceContext SetupContext { get; set; }

    /// <summary>Added to every event's timestamp: where simulated time zero falls on the trace clock.</summary>
    public SimTime ClockOffset { get; set; }

    /// <summary>Lines written so far.</summary>
    public long LinesWritten { get; private set; }

    /// <summary>Events skipped because the profile does not define them.</summary>
    public long EventsSkipped { get; private set; }

    /// <inheritdoc/>
    public void Write(in MapEvent traceEvent) => Record(MapContext, traceEvent);

    /// <inheritdoc/>
    public void Write(in UnmapEvent traceEvent) => Record(UnmapContext, traceEvent);

    /// <inheritdoc/>
    public void Write(in IoPageFaultEvent traceEvent) => Record(FaultContext, traceEvent);

    /// <inheritdoc/>
    public void Write(in GroupEvent traceEvent) => Record(SetupContext, traceEvent);

    /// <inheritdoc/>
    public void Write(in DeviceDomainEvent traceEvent) => Record(SetupContext, traceEvent);

    /// <inheritdoc/>
    public void Record(in TraceContext context, in MapEvent traceEvent)
    {
        int n = FtraceText.WriteContext(_line, context, Layout, traceEvent.Timestamp + ClockOffset);
        n += FtraceText.WriteMap(_line.AsSpan(n), Profile, traceEvent);
        Emit(n);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in UnmapEvent traceEvent)
    {
        int n = FtraceText.WriteContext(_line, context, Layout, traceEvent.Timestamp + ClockOffset);
        n += FtraceText.WriteUnmap(_line.AsSpan(n), Profile, traceEvent);
        Emit(n);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in IoPageFaultEvent traceEvent)
    {
        int n = FtraceText.WriteContext(_line, context, Layout, traceEvent.Timestamp + ClockOffset);
        n += FtraceText.WriteIoPageFault(_line.AsSpan(n), traceEvent);
        Emit(n);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in GroupEvent traceEvent)
    {
        int n = FtraceText.WriteContext(_line, context, Layout, traceEvent.Timestamp + ClockOffset);
        n += FtraceText.WriteGroup(_line.AsSpan(n), traceEvent);
        Emit(n);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in DeviceDomainEvent traceEvent)
    {
        if (traceEvent.Kind == DeviceDomainEventKind.DetachDeviceFromDomain && !Profile.HasDetachEvent)
        {
            EventsSkipped++;
            return;
        }
        int n = FtraceText.WriteContext(_line, context, Layout, traceEvent.Timestamp + ClockOffset);
        n += FtraceText.WriteDeviceDomain(_line.AsSpan(n), traceEvent);
        Emit(n);
    }

    private void Emit(int length)
    {
        _line[length] = '\n';
        _writer.Write(_line, 0, length + 1);
        LinesWritten++;
    }
}
