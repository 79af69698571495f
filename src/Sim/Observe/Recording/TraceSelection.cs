using IommuSim.Observe.Ftrace;

namespace IommuSim.Observe.Recording;

/// <summary>
/// Passes on the events a trace asks for: only the chosen kinds that the kernel profile defines, at most
/// <see cref="Limit"/> of them, to every target in order; counts what it saw and what it passed.
/// </summary>
/// <remarks>
/// An event the profile does not define (detach on a v6.3+ kernel) is never passed, as that kernel would not
/// have recorded it. Counting is per kind, so a run's trace can be checked against the run's own counters.
/// </remarks>
public sealed class TraceSelection : ITraceRecorder
{
    private readonly ITraceRecorder[] _targets;
    private readonly bool[] _chosen = new bool[IommuEventNames.All.Count];
    private readonly long[] _seen = new long[IommuEventNames.All.Count];
    private readonly long[] _recorded = new long[IommuEventNames.All.Count];

    /// <summary>Selects <paramref name="kinds"/> (every kind when null) of <paramref name="profile"/>'s events.</summary>
    /// <param name="profile">The kernel whose events exist.</param>
    /// <param name="kinds">The kinds asked for; null for all.</param>
    /// <param name="limit">Most events passed on; null for no limit.</param>
    /// <param name="targets">Where the chosen events go.</param>
    public TraceSelection(FtraceProfile profile, IEnumerable<IommuEventKind>? kinds, long? limit, params ITraceRecorder[] targets)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(targets);
        if (limit is < 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "a limit is 0 or more events");
        foreach (var kind in kinds ?? IommuEventNames.All) _chosen[(int)kind] = IommuEventNames.IsDefined(profile, kind);
        Limit = limit;
        _targets = [.. targets];
    }

    /// <summary>Most events passed on; null for no limit.</summary>
    public long? Limit { get; }

    /// <summary>Events passed on so far.</summary>
    public long Recorded { get; private set; }

    /// <summary>Events of <paramref name="kind"/> seen, chosen or not.</summary>
    public long SeenOf(IommuEventKind kind) => _seen[(int)kind];

    /// <summary>Events of <paramref name="kind"/> passed on.</summary>
    public long RecordedOf(IommuEventKind kind) => _recorded[(int)kind];

    /// <summary>True once the limit is reached: nothing more will be passed on.</summary>
    public bool IsFull => Recorded >= Limit;

    /// <inheritdoc/>
    public void Record(in TraceContext context, in MapEvent traceEvent)
    {
        if (!Take(IommuEventKind.Map)) return;
        foreach (var t in _targets) t.Record(context, traceEvent);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in UnmapEvent traceEvent)
    {
        if (!Take(IommuEventKind.Unmap)) return;
        foreach (var t in _targets) t.Record(context, traceEvent);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in IoPageFaultEvent traceEvent)
    {
        if (!Take(IommuEventKind.IoPageFault)) return;
        foreach (var t in _targets) t.Record(context, traceEvent);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in GroupEvent traceEvent)
    {
        if (!Take(IommuEventNames.Of(traceEvent))) return;
        foreach (var t in _targets) t.Record(context, traceEvent);
    }

    /// <inheritdoc/>
    public void Record(in TraceContext context, in DeviceDomainEvent traceEvent)
    {
        if (!Take(IommuEventNames.Of(traceEvent))) return;
        foreach (var t in _targets) t.Record(context, traceEvent);
    }

    private bool Take(IommuEventKind kind)
    {
        _seen[(int)kind]++;
        if (!_chosen[(int)kind] || Recorded >= Limit) return false;
        _recorded[(int)kind]++;
        Recorded++;
        return true;
    }
}
