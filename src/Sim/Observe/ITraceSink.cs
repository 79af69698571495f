namespace IommuSim.Observe;

/// <summary>
/// Receives trace events of one type (ns-3's trace sink). A sink that wants several event types implements
/// this interface once per type; <see cref="IommuTrace.Connect"/> then wires it to every matching source.
/// </summary>
/// <typeparam name="TEvent">The event type, a value type so that raising it allocates nothing.</typeparam>
public interface ITraceSink<TEvent> where TEvent : struct
{
    /// <summary>Called once per event, in simulation order, from the simulation thread.</summary>
    void Write(in TEvent traceEvent);
}
