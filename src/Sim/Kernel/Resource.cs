namespace IommuSim.Kernel;

/// <summary>
/// A pool of identical units (servers, page walkers, CPUs, tags). Waiters are granted units by priority level
/// (0 first), first come, first served within a level; a granted unit is never taken back (no preemption), as
/// SimPy's PriorityResource. Processes use <see cref="Request"/>; hot model code uses the allocation-free
/// <see cref="TryAcquire"/> / <c>Acquire</c> / <see cref="ReleaseUnit"/> path. Both kinds of waiter share the
/// queues.
/// </summary>
public sealed class Resource
{
    private struct Waiter
    {
        public ResourceRequest? Request;
        public Action<object?>? Callback;
        public Action<object?, long>? CallbackWithArg;
        public object? State;
        public long Arg;
    }

    // One ring per priority level; a power of two each, so positions wrap with a mask.
    private sealed class Ring
    {
        public Waiter[] Items = new Waiter[16];
        public int Head;
        public int Count;
    }

    private readonly Ring[] _levels;
    private int _count;          // entries in all rings, including withdrawn requests
    private int _withdrawn;      // withdrawn requests still in a ring

    /// <summary>The simulation the resource belongs to.</summary>
    public Simulation Simulation { get; }

    /// <summary>Number of units.</summary>
    public int Capacity { get; }

    /// <summary>
    /// The priority level of the latest grant; -1 after <see cref="TryAcquire"/> or before any grant. With one unit,
    /// the level its holder asked at: who holds a CPU, interrupt work or a task.
    /// </summary>
    public int LastGrantedLevel { get; private set; } = -1;

    /// <summary>Number of priority levels, 0 (most urgent) to <c>Levels - 1</c>.</summary>
    public int Levels => _levels.Length;

    /// <summary>Units currently granted.</summary>
    public int InUse { get; private set; }

    /// <summary>Waiters not yet granted.</summary>
    public int QueueLength => _count - _withdrawn;

    /// <summary>Fires after every change of <see cref="InUse"/> or <see cref="QueueLength"/>, for monitors.</summary>
    public event Action<Resource>? Changed;

    /// <summary>Creates a resource with <paramref name="capacity"/> units and <paramref name="levels"/> priority levels.</summary>
    public Resource(Simulation simulation, int capacity, int levels = 1)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a resource needs at least one unit");
        if (levels is < 1 or > 16) throw new ArgumentOutOfRangeException(nameof(levels), levels, "a resource has 1 to 16 priority levels");
        Simulation = simulation;
        Capacity = capacity;
        _levels = new Ring[levels];
        for (int i = 0; i < levels; i++) _levels[i] = new Ring();
    }

    /// <summary>Requests a unit at priority <paramref name="level"/>; the returned event succeeds when it is granted.</summary>
    public ResourceRequest Request(int level = 0)
    {
        CheckLevel(level);
        var request = new ResourceRequest(this);
        if (InUse < Capacity && QueueLength == 0)
        {
            LastGrantedLevel = level;
            Grant(request);
        }
        else Enqueue(level, new Waiter { Request = request });
        Changed?.Invoke(this);
        return request;
    }

    /// <summary>Takes a unit at once if one is free and nobody is waiting.</summary>
    public bool TryAcquire()
    {
        if (InUse >= Capacity || QueueLength > 0) return false;
        InUse++;
        LastGrantedLevel = -1;
        Changed?.Invoke(this);
        return true;
    }

    /// <summary>
    /// Takes a unit, calling <paramref name="onGranted"/> with <paramref name="state"/> at the current time if one
    /// is free, or when one is released to this waiter. The caller later calls <see cref="ReleaseUnit"/>.
    /// </summary>
    public void Acquire(Action<object?> onGranted, object? state, int level = 0)
    {
        ArgumentNullException.ThrowIfNull(onGranted);
        CheckLevel(level);
        if (InUse < Capacity && QueueLength == 0)
        {
            InUse++;
            LastGrantedLevel = level;
            Simulation.Schedule(SimTime.Zero, onGranted, state);
        }
        else Enqueue(level, new Waiter { Callback = onGranted, State = state });
        Changed?.Invoke(this);
    }

    /// <summary>
    /// As <see cref="Acquire(Action{object?}, object?, int)"/>, with an integer argument (an index, a token)
    /// carried beside the state, so callers need not allocate a closure.
    /// </summary>
    public void Acquire(Action<object?, long> onGranted, object? state, long arg, int level = 0)
    {
        ArgumentNullException.ThrowIfNull(onGranted);
        CheckLevel(level);
        if (InUse < Capacity && QueueLength == 0)
        {
            InUse++;
            LastGrantedLevel = level;
            Simulation.Schedule(SimTime.Zero, onGranted, state, arg);
        }
        else Enqueue(level, new Waiter { CallbackWithArg = onGranted, State = state, Arg = arg });
        Changed?.Invoke(this);
    }

    /// <summary>Returns a unit taken with <see cref="TryAcquire"/> or an <c>Acquire</c> overload.</summary>
    /// <exception cref="InvalidOperationException">No unit is in use.</exception>
    public void ReleaseUnit()
    {
        if (InUse == 0) throw new InvalidOperationException("released a unit of a resource that has none in use");
        InUse--;
        GrantWaiters();
        Changed?.Invoke(this);
    }

    /// <summary>Releases a granted request, or withdraws one still waiting. Idempotent.</summary>
    public void Release(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReferenceEquals(request.Resource, this))
            throw new InvalidOperationException("the request belongs to another resource");
        switch (request.State)
        {
            case ResourceRequest.Phase.Granted:
                request.State = ResourceRequest.Phase.Done;
                InUse--;
                GrantWaiters();
                break;
            case ResourceRequest.Phase.Waiting:
                // Left in its ring and skipped when it reaches the head: O(1) withdrawal.
                request.State = ResourceRequest.Phase.Done;
                _withdrawn++;
                break;
            default:
                return;
        }
        Changed?.Invoke(this);
    }

    private void Grant(ResourceRequest request)
    {
        InUse++;
        request.State = ResourceRequest.Phase.Granted;
        request.Succeed(request);
    }

    private void GrantWaiters()
    {
        while (InUse < Capacity && _count > 0)
        {
            var w = Dequeue(out int level);
            LastGrantedLevel = level;
            if (w.Request is { } r)
            {
                if (r.State != ResourceRequest.Phase.Waiting) { _withdrawn--; continue; }
                Grant(r);
            }
            else
            {
                InUse++;
                if (w.Callback is { } callback) Simulation.Schedule(SimTime.Zero, callback, w.State);
                else Simulation.Schedule(SimTime.Zero, w.CallbackWithArg!, w.State, w.Arg);
            }
        }
    }

    private void Enqueue(int level, in Waiter w)
    {
        var ring = _levels[level];
        if (ring.Count == ring.Items.Length)
        {
            var bigger = new Waiter[ring.Items.Length * 2];
            for (int i = 0; i < ring.Count; i++) bigger[i] = ring.Items[(ring.Head + i) & (ring.Items.Length - 1)];
            ring.Items = bigger;
            ring.Head = 0;
        }
        ring.Items[(ring.Head + ring.Count) & (ring.Items.Length - 1)] = w;
        ring.Count++;
        _count++;
    }

    // The head of the most urgent non-empty level.
    private Waiter Dequeue(out int level)
    {
        level = 0;
        var ring = _levels[0];
        while (ring.Count == 0) ring = _levels[++level];
        var w = ring.Items[ring.Head];
        ring.Items[ring.Head] = default;
        ring.Head = (ring.Head + 1) & (ring.Items.Length - 1);
        ring.Count--;
        _count--;
        return w;
    }

    private void CheckLevel(int level)
    {
        if ((uint)level >= (uint)_levels.Length)
            throw new ArgumentOutOfRangeException(nameof(level), level, $"priority levels are 0 to {_levels.Length - 1}");
    }
}
