namespace IommuSim.Kernel;

/// <summary>
/// A simulated activity written as an iterator that yields the events it waits for. A process is
/// itself an event: it succeeds when the iterator finishes, so other processes can wait on it.
/// </summary>
/// <remarks>
/// When a process resumes from a failed event or an interrupt, it must call
/// <see cref="HandleFault"/> before it yields again; otherwise the run stops with an
/// <see cref="InvalidOperationException"/>, since an ignored fault is a model bug.
/// </remarks>
public sealed class Process : Event
{
    private readonly IEnumerator<Event> _steps;
    private Event? _target;
    private bool _faultPending;

    internal Process(Simulation simulation, IEnumerable<Event> steps, int priority) : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _steps = steps.GetEnumerator();
        // Start at the current time, before normal events, as SimSharp's Initialize event does.
        simulation.Schedule(SimTime.Zero, static s => ((Process)s!).Step(), this, priority);
    }

    /// <summary>True until the process's iterator has finished.</summary>
    public bool IsAlive => !IsTriggered;

    /// <summary>The event the process is waiting for, if any.</summary>
    public Event? Target => _target;

    /// <summary>The cause of the last failed event or interrupt the process resumed from.</summary>
    public object? Fault { get; private set; }

    /// <summary>
    /// Acknowledges a fault (failed event or interrupt) the process resumed from. Returns true if
    /// there was one; the cause is in <see cref="Fault"/>.
    /// </summary>
    public bool HandleFault()
    {
        bool had = _faultPending;
        _faultPending = false;
        return had;
    }

    /// <summary>
    /// Interrupts the process: it stops waiting for its current event and resumes at the current
    /// time (before normal events) with a fault whose cause is <paramref name="cause"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process has finished, or interrupts itself.</exception>
    public void Interrupt(object? cause = null)
    {
        if (!IsAlive) throw new InvalidOperationException("cannot interrupt a process that has finished");
        if (ReferenceEquals(Simulation.ActiveProcess, this))
            throw new InvalidOperationException("a process cannot interrupt itself");
        var interruption = new Event(Simulation);
        interruption.AddCallback(e => Deliver(e.Value));
        interruption.Succeed(cause, Priority.Urgent);
    }

    private void Deliver(object? cause)
    {
        if (!IsAlive) return;
        _target?.RemoveWaiter(this);
        Fault = cause;
        _faultPending = true;
        Step();
    }

    /// <summary>Resumes after the awaited event was processed.</summary>
    internal void Resume(Event awaited)
    {
        if (!awaited.IsOk)
        {
            Fault = awaited.Value;
            _faultPending = true;
        }
        Step();
    }

    private void Step()
    {
        _target = null;
        var simulation = Simulation;
        var previous = simulation.ActiveProcess;
        simulation.ActiveProcess = this;
        try
        {
            while (true)
            {
                bool more = _steps.MoveNext();
                if (_faultPending)
                    throw new InvalidOperationException(
                        $"a process resumed with a fault ({Fault ?? "no cause"}) and did not call HandleFault()");
                if (!more)
                {
                    _steps.Dispose();
                    Finish();
                    return;
                }
                var next = _steps.Current
                    ?? throw new InvalidOperationException("a process yielded null instead of an event");
                if (!ReferenceEquals(next.Simulation, simulation))
                    throw new InvalidOperationException("a process yielded an event of another simulation");
                if (next.IsProcessed)
                {
                    // Already happened: continue at once, seeing its outcome.
                    if (!next.IsOk) { Fault = next.Value; _faultPending = true; }
                    continue;
                }
                next.AddWaiter(this);
                _target = next;
                return;
            }
        }
        finally
        {
            simulation.ActiveProcess = previous;
        }
    }
}
