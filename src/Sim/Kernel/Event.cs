namespace IommuSim.Kernel;

/// <summary>
/// Something that happens at a point in simulated time. An event starts pending, is triggered
/// (succeeded or failed, which schedules it), and is then processed: its callbacks run and any
/// processes waiting on it resume. Shaped like SimSharp's Event.
/// </summary>
public class Event
{
    private enum State : byte { Pending, Triggered, Processed }

    // One waiter is by far the common case, so it is stored inline; a list is made only for more.
    private object? _callback;
    private List<object>? _moreCallbacks;
    private State _state;

    /// <summary>The simulation this event belongs to.</summary>
    public Simulation Simulation { get; }

    /// <summary>Creates a pending event.</summary>
    public Event(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        Simulation = simulation;
    }

    /// <summary>The value the event succeeded with, or the cause it failed with.</summary>
    public object? Value { get; protected set; }

    /// <summary>True once the event has succeeded or failed (it is scheduled or already processed).</summary>
    public bool IsTriggered => _state != State.Pending;

    /// <summary>True once the event's callbacks have run.</summary>
    public bool IsProcessed => _state == State.Processed;

    /// <summary>True unless the event failed. Meaningful once triggered.</summary>
    public bool IsOk { get; private set; } = true;

    /// <summary>
    /// Triggers the event successfully; it is processed at the current time after events already
    /// scheduled for this time with the same or higher priority.
    /// </summary>
    /// <exception cref="InvalidOperationException">The event was already triggered.</exception>
    public void Succeed(object? value = null, int priority = Priority.Normal)
    {
        MarkTriggered();
        Value = value;
        Simulation.ScheduleEvent(this, 0, priority);
    }

    /// <summary>
    /// Triggers the event as failed with a cause. Processes waiting on it resume with a fault they
    /// must acknowledge with <see cref="Process.HandleFault"/>.
    /// </summary>
    public void Fail(object? cause, int priority = Priority.Normal)
    {
        MarkTriggered();
        IsOk = false;
        Value = cause;
        Simulation.ScheduleEvent(this, 0, priority);
    }

    /// <summary>
    /// Succeeds at once when nobody waits (nothing would observe the scheduled firing), otherwise
    /// as <see cref="Succeed"/>. Saves an event-list round trip for every process that ends unobserved.
    /// </summary>
    private protected void Finish()
    {
        if (_callback is null && _moreCallbacks is null)
        {
            MarkTriggered();
            _state = State.Processed;
            return;
        }
        Succeed();
    }

    /// <summary>Marks the event triggered and schedules it <paramref name="delay"/> picoseconds from now.</summary>
    private protected void TriggerAfter(long delay, object? value, int priority)
    {
        MarkTriggered();
        Value = value;
        Simulation.ScheduleEvent(this, delay, priority);
    }

    private void MarkTriggered()
    {
        if (_state != State.Pending)
            throw new InvalidOperationException($"{GetType().Name} has already been triggered.");
        _state = State.Triggered;
    }

    /// <summary>Adds a callback run when the event is processed.</summary>
    /// <exception cref="InvalidOperationException">The event was already processed.</exception>
    public void AddCallback(Action<Event> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddWaiter(callback);
    }

    /// <summary>Removes a callback added earlier; returns whether it was present.</summary>
    public bool RemoveCallback(Action<Event> callback) => RemoveWaiter(callback);

    internal void AddWaiter(object waiter)
    {
        if (_state == State.Processed)
            throw new InvalidOperationException($"{GetType().Name} has already been processed.");
        if (_callback is null && _moreCallbacks is null) _callback = waiter;
        else (_moreCallbacks ??= new List<object>(2)).Add(waiter);
    }

    internal bool RemoveWaiter(object waiter)
    {
        if (ReferenceEquals(_callback, waiter)) { _callback = null; return true; }
        return _moreCallbacks?.Remove(waiter) ?? false;
    }

    /// <summary>Runs the callbacks. Called by the simulation when the event's time comes.</summary>
    internal void Process()
    {
        _state = State.Processed;
        var first = _callback;
        _callback = null;
        if (first is not null) Invoke(first);
        var more = _moreCallbacks;
        if (more is null) return;
        _moreCallbacks = null;
        foreach (var waiter in more) Invoke(waiter);
    }

    private void Invoke(object waiter)
    {
        if (waiter is Process p) p.Resume(this);
        else ((Action<Event>)waiter)(this);
    }
}
