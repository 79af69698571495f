namespace IommuSim.Observe;

/// <summary>
/// One kind of trace event raised by a model component, and the sinks connected to it (ns-3's trace source).
/// </summary>
/// <remarks>
/// With no sink connected, the cost is one field read: components test <see cref="IsConnected"/> before they
/// build an event, so an unobserved run neither builds events nor calls anything. Connecting copies the sink
/// array, so a sink may connect or disconnect another while an event is being delivered.
/// </remarks>
/// <typeparam name="TEvent">The event type.</typeparam>
public sealed class TraceSource<TEvent> where TEvent : struct
{
    private ITraceSink<TEvent>[] _sinks = [];

    /// <summary>True when at least one sink is connected; test it before building an event.</summary>
    public bool IsConnected => _sinks.Length != 0;

    /// <summary>Number of connected sinks.</summary>
    public int SinkCount => _sinks.Length;

    /// <summary>Connects <paramref name="sink"/>; connecting the same sink twice delivers each event to it twice.</summary>
    public void Connect(ITraceSink<TEvent> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sinks = [.. _sinks, sink];
    }

    /// <summary>Disconnects one connection of <paramref name="sink"/>; false when it was not connected.</summary>
    public bool Disconnect(ITraceSink<TEvent> sink)
    {
        int index = Array.IndexOf(_sinks, sink);
        if (index < 0) return false;
        var fewer = new ITraceSink<TEvent>[_sinks.Length - 1];
        Array.Copy(_sinks, 0, fewer, 0, index);
        Array.Copy(_sinks, index + 1, fewer, index, fewer.Length - index);
        _sinks = fewer;
        return true;
    }

    /// <summary>Delivers <paramref name="traceEvent"/> to every connected sink, in connection order.</summary>
    public void Emit(in TEvent traceEvent)
    {
        var sinks = _sinks;
        for (int i = 0; i < sinks.Length; i++) sinks[i].Write(in traceEvent);
    }
}
