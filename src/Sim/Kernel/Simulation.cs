using System.Runtime.CompilerServices;

namespace IommuSim.Kernel;

/// <summary>
/// The discrete-event simulation environment: a clock, a future event list and the processes that
/// run on it. Shaped like SimSharp's Simulation (Now, Run, Process, Timeout, AllOf, AnyOf), with a
/// non-iterator fast path (<see cref="Schedule(SimTime, Action{object?}, object?, int)"/>) for hot
/// model code that must not allocate.
/// </summary>
/// <remarks>
/// Events at equal times fire in (time, priority, sequence) order, so a run is a pure function of
/// its inputs. A simulation is single-threaded; run replications on separate instances.
/// </remarks>
public sealed class Simulation
{
    private readonly EventQueue _queue = new();
    private long _now;
    private bool _stopRequested;

    /// <summary>The current simulated time.</summary>
    public SimTime Now => new(_now);

    /// <summary>The process whose code is running, or null when an event callback runs.</summary>
    public Process? ActiveProcess { get; internal set; }

    /// <summary>Number of entries taken off the event list so far (events and callbacks).</summary>
    public long ProcessedEvents { get; private set; }

    /// <summary>Number of entries waiting in the event list.</summary>
    public int PendingEvents => _queue.Count;

    /// <summary>Time of the next scheduled entry, or <see cref="SimTime.MaxValue"/> when none.</summary>
    public SimTime NextEventTime => new(_queue.PeekTime);

    /// <summary>Starts a process from an iterator of events; it begins at the current time.</summary>
    public Process Process(IEnumerable<Event> steps, int priority = Priority.Urgent) =>
        new(this, steps, priority);

    /// <summary>A new pending event, to be triggered by model code.</summary>
    public Event Event() => new(this);

    /// <summary>An event that fires after <paramref name="delay"/>.</summary>
    public Timeout Timeout(SimTime delay, object? value = null, int priority = Priority.Normal) =>
        new(this, delay, value, priority);

    /// <summary>An event that succeeds when all of <paramref name="events"/> have succeeded.</summary>
    public Condition AllOf(params Event[] events) => new(this, events, ConditionKind.AllOf);

    /// <summary>An event that succeeds when all of <paramref name="events"/> have succeeded.</summary>
    public Condition AllOf(IEnumerable<Event> events) => new(this, events.ToArray(), ConditionKind.AllOf);

    /// <summary>An event that succeeds when any of <paramref name="events"/> has succeeded.</summary>
    public Condition AnyOf(params Event[] events) => new(this, events, ConditionKind.AnyOf);

    /// <summary>An event that succeeds when any of <paramref name="events"/> has succeeded.</summary>
    public Condition AnyOf(IEnumerable<Event> events) => new(this, events.ToArray(), ConditionKind.AnyOf);

    /// <summary>
    /// Fast path: calls <paramref name="callback"/> with <paramref name="state"/> after
    /// <paramref name="delay"/>. Allocates nothing when the callback is a static lambda or a cached
    /// delegate and the state is an existing object.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Schedule(SimTime delay, Action<object?> callback, object? state, int priority = Priority.Normal)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _queue.Push(At(delay), priority, callback, state, 0, EventQueue.EntryKind.Callback);
    }

    /// <summary>
    /// Fast path with an integer argument (an index, a tag, a size) carried beside the state, so
    /// callers need not allocate a closure or box.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Schedule(SimTime delay, Action<object?, long> callback, object? state, long arg, int priority = Priority.Normal)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _queue.Push(At(delay), priority, callback, state, arg, EventQueue.EntryKind.CallbackWithArg);
    }

    internal void ScheduleEvent(Event e, long delay, int priority) =>
        _queue.Push(At(new SimTime(delay)), priority, e, null, 0, EventQueue.EntryKind.Event);

    private long At(SimTime delay)
    {
        long d = delay.Picoseconds;
        if (d < 0) throw new ArgumentOutOfRangeException(nameof(delay), delay, "cannot schedule into the past");
        long at = _now + d;
        if (at < _now) throw new OverflowException("scheduled time is beyond SimTime.MaxValue");
        return at;
    }

    /// <summary>Runs until no events remain or <see cref="Stop"/> is called.</summary>
    public void Run() => RunWhile(long.MaxValue, null);

    /// <summary>
    /// Runs until simulated time <paramref name="until"/>: every entry scheduled strictly before it
    /// is processed, entries at or after it are left, and <see cref="Now"/> is set to it (as SimPy).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="until"/> is before <see cref="Now"/>.</exception>
    public void Run(SimTime until)
    {
        if (until.Picoseconds < _now)
            throw new ArgumentOutOfRangeException(nameof(until), until, $"run target is before the current time {Now}");
        if (RunWhile(until.Picoseconds, null)) _now = until.Picoseconds;
    }

    /// <summary>Runs until <paramref name="stopEvent"/> has been processed, or no events remain.</summary>
    public void Run(Event stopEvent)
    {
        ArgumentNullException.ThrowIfNull(stopEvent);
        if (!stopEvent.IsProcessed) RunWhile(long.MaxValue, stopEvent);
    }

    /// <summary>Dispatches entries before <paramref name="until"/>; false if stopped early.</summary>
    /// <remarks>Fully optimised at first call: a run is one long call that tiering would reach late.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RunWhile(long until, Event? stopEvent)
    {
        _stopRequested = false;
        var queue = _queue;
        while (queue.Count > 0 && queue.PeekTime < until)
        {
            Dispatch(queue.Pop());
            if (_stopRequested || (stopEvent is not null && stopEvent.IsProcessed)) return false;
        }
        return true;
    }

    /// <summary>Processes exactly one entry. Returns false when the event list is empty.</summary>
    public bool Step()
    {
        if (_queue.Count == 0) return false;
        Dispatch(_queue.Pop());
        return true;
    }

    /// <summary>Asks the running <c>Run</c> call to return after the current entry.</summary>
    public void Stop() => _stopRequested = true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Dispatch(in EventQueue.Entry entry)
    {
        _now = entry.Time;
        ProcessedEvents++;
        switch (entry.Kind)
        {
            case EventQueue.EntryKind.Event:
                Unsafe.As<Event>(entry.Target).Process();
                break;
            case EventQueue.EntryKind.Callback:
                Unsafe.As<Action<object?>>(entry.Target)(entry.State);
                break;
            default:
                Unsafe.As<Action<object?, long>>(entry.Target)(entry.State, entry.Arg);
                break;
        }
    }
}
