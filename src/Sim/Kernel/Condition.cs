namespace IommuSim.Kernel;

/// <summary>
/// An event over other events: <see cref="ConditionKind.AllOf"/> or <see cref="ConditionKind.AnyOf"/>.
/// It fails as soon as one of its events fails (with that event's cause). On success its
/// <see cref="Event.Value"/> is the list of its events processed by then, in processing order.
/// </summary>
public sealed class Condition : Event
{
    private readonly Event[] _events;
    private readonly List<Event> _processed = new();
    private readonly ConditionKind _kind;

    internal Condition(Simulation simulation, Event[] events, ConditionKind kind) : base(simulation)
    {
        _kind = kind;
        _events = events;
        foreach (var e in events)
            if (!ReferenceEquals(e.Simulation, simulation))
                throw new ArgumentException("a condition cannot combine events of another simulation", nameof(events));
        if (events.Length == 0)
        {
            Succeed(_processed);
            return;
        }
        foreach (var e in events)
        {
            if (e.IsProcessed) Check(e);
            else e.AddCallback(Check);
            if (IsTriggered) break;
        }
    }

    /// <summary>The events this condition waits on.</summary>
    public IReadOnlyList<Event> Events => _events;

    /// <summary>The events processed so far, in processing order.</summary>
    public IReadOnlyList<Event> ProcessedEvents => _processed;

    private void Check(Event e)
    {
        if (IsTriggered) return;
        if (!e.IsOk)
        {
            Fail(e.Value);
            return;
        }
        _processed.Add(e);
        if (_kind == ConditionKind.AnyOf || _processed.Count == _events.Length) Succeed(_processed);
    }
}
