namespace IommuSim.Kernel;

/// <summary>
/// A pool of identical units (servers, page walkers, tags) granted first come, first served.
/// Processes use <see cref="Request"/>; hot model code uses the allocation-free
/// <see cref="TryAcquire"/> / <see cref="Acquire"/> / <see cref="ReleaseUnit"/> path. Both kinds of
/// waiter share one FIFO queue.
/// </summary>
public sealed class Resource
{
    private struct Waiter
    {
        public ResourceRequest? Request;
        public Action<object?>? Callback;
        public object? State;
    }

    private Waiter[] _ring = new Waiter[16]; // a power of two, so positions wrap with a mask
    private int _head;
    private int _count;          // entries in the ring, including withdrawn requests
    private int _withdrawn;      // withdrawn requests still in the ring

    /// <summary>The simulation the resource belongs to.</summary>
    public Simulation Simulation { get; }

    /// <summary>Number of units.</summary>
    public int Capacity { get; }

    /// <summary>Units currently granted.</summary>
    public int InUse { get; private set; }

    /// <summary>Waiters not yet granted.</summary>
    public int QueueLength => _count - _withdrawn;

    /// <summary>Fires after every change of <see cref="InUse"/> or <see cref="QueueLength"/>, for monitors.</summary>
    public event Action<Resource>? Changed;

    /// <summary>Creates a resource with <paramref name="capacity"/> units.</summary>
    public Resource(Simulation simulation, int capacity)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a resource needs at least one unit");
        Simulation = simulation;
        Capacity = capacity;
    }

    /// <summary>Requests a unit; the returned event succeeds when it is granted.</summary>
    public ResourceRequest Request()
    {
        var request = new ResourceRequest(this);
        if (InUse < Capacity && QueueLength == 0) Grant(request);
        else Enqueue(new Waiter { Request = request });
        Changed?.Invoke(this);
        return request;
    }

    /// <summary>Takes a unit at once if one is free and nobody is waiting.</summary>
    public bool TryAcquire()
    {
        if (InUse >= Capacity || QueueLength > 0) return false;
        InUse++;
        Changed?.Invoke(this);
        return true;
    }

    /// <summary>
    /// Takes a unit, calling <paramref name="onGranted"/> with <paramref name="state"/> at the
    /// current time if one is free, or when one is released to this waiter. The caller later calls
    /// <see cref="ReleaseUnit"/>.
    /// </summary>
    public void Acquire(Action<object?> onGranted, object? state)
    {
        ArgumentNullException.ThrowIfNull(onGranted);
        if (InUse < Capacity && QueueLength == 0)
        {
            InUse++;
            Simulation.Schedule(SimTime.Zero, onGranted, state);
        }
        else Enqueue(new Waiter { Callback = onGranted, State = state });
        Changed?.Invoke(this);
    }

    /// <summary>Returns a unit taken with <see cref="TryAcquire"/> or <see cref="Acquire"/>.</summary>
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
                // Left in the ring and skipped when it reaches the head: O(1) withdrawal.
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
            var w = Dequeue();
            if (w.Request is { } r)
            {
                if (r.State != ResourceRequest.Phase.Waiting) { _withdrawn--; continue; }
                Grant(r);
            }
            else
            {
                InUse++;
                Simulation.Schedule(SimTime.Zero, w.Callback!, w.State);
            }
        }
    }

    private void Enqueue(in Waiter w)
    {
        if (_count == _ring.Length)
        {
            var bigger = new Waiter[_ring.Length * 2];
            for (int i = 0; i < _count; i++) bigger[i] = _ring[(_head + i) & (_ring.Length - 1)];
            _ring = bigger;
            _head = 0;
        }
        _ring[(_head + _count) & (_ring.Length - 1)] = w;
        _count++;
    }

    private Waiter Dequeue()
    {
        var w = _ring[_head];
        _ring[_head] = default;
        _head = (_head + 1) & (_ring.Length - 1);
        _count--;
        return w;
    }
}
