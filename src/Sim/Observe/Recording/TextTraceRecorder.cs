using IommuSim.Observe.Ftrace;

namespace IommuSim.Observe.Recording;

/// <summary>
/// Records events as ftrace text lines through an <see cref="FtraceTextWriter"/>, each with the context it came
/// with; counts the lines and the CPUs seen, which the header needs.
/// </summary>
public sealed class TextTraceRecorder : ITraceRecorder
{
    private readonly FtraceTextWriter _writer;

    /// <summary>Writes through <paramref name="writer"/>, whose contexts it sets per event.</summary>
    public TextTraceRecorder(FtraceTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>Lines written.</summary>
    public long Lines => _writer.LinesWritten;

    /// <inheritdoc/>
    public void Record(in TraceContext context, in MapEvent traceEvent)
    {
        _writer.MapContext = context;
        _writer.Write(traceEvent);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in UnmapEvent traceEvent)
    {
        _writer.UnmapContext = context;
        _writer.Write(traceEvent);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in IoPageFaultEvent traceEvent)
    {
        _writer.FaultContext = context;
        _writer.Write(traceEvent);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in GroupEvent traceEvent)
    {
        _writer.SetupContext = context;
        _writer.Write(traceEvent);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in DeviceDomainEvent traceEvent)
    {
        _writer.SetupContext = context;
        _writer.Write(traceEvent);
    }
}
