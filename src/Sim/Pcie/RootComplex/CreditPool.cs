using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Pcie;

/// <summary>
/// A buffer counted in credits (one per 64 B cache line): a request takes k credits at once and holds them until it
/// releases them. Waiters are served strictly first come, first served: a waiter needing more credits than are free
/// blocks every waiter behind it, even one that would fit, because PCIe flow control admits TLPs in order.
/// </summary>
/// <remarks>
/// The hot path is allocation-free: waiters live in a ring of structs and are granted through a static
/// <c>Action&lt;object?, long&gt;</c> with its state and argument, as <see cref="Resource"/> does. A grant is never
/// delivered synchronously: it is scheduled at the current time, so the caller's code after <see cref="Acquire"/>
/// always runs first.
/// </remarks>
public sealed class CreditPool
{
    private struct Waiter
    {
        public int Credits;
        public Action<object?, long> Callback;
        public object? State;
        public long Arg;
        public long SincePs;
    }

    private readonly Simulation _sim;
    private Waiter[] _ring = new Waiter[16];
    private int _head;
    private int _count;
    private long _windowStartPs;
    private long _waitPs;

    /// <summary>Creates a pool of <paramref name="capacity"/> credits, all free.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public CreditPool(Simulation simulation, int capacity)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a credit pool needs at least one credit");
        _sim = simulation;
        Capacity = capacity;
        Occupancy = new TimeWeightedMonitor(simulation.Now);
        _windowStartPs = simulation.Now.Picoseconds;
    }

    /// <summary>Credits in the pool.</summary>
    public int Capacity { get; }

    /// <summary>Credits held now.</summary>
    public int InUse { get; private set; }

    /// <summary>Credits free now.</summary>
    public int Available => Capacity - InUse;

    /// <summary>Requests waiting for credits.</summary>
    public int QueueLength => _count;

    /// <summary>Credits held over time, since construction or the last <see cref="ResetStatistics"/>.</summary>
    public TimeWeightedMonitor Occupancy { get; }

    /// <summary>Requests granted since the window started (at once or after a wait).</summary>
    public long Grants { get; private set; }

    /// <summary>Requests that found too few credits (or others waiting) and had to queue, since the window started.</summary>
    public long Waits { get; private set; }

    /// <summary>Total time requests granted in the window spent queued, counted from the window's start at the earliest.</summary>
    public SimTime WaitTime => new(_waitPs);

    /// <summary>Mean wait per grant in the window (zero when nothing was granted).</summary>
    public SimTime MeanWait => Grants == 0 ? SimTime.Zero : new(_waitPs / Grants);

    /// <summary>Takes <paramref name="credits"/> at once if they are free and nobody is waiting; false otherwise.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="credits"/> is below 1 or above <see cref="Capacity"/>.</exception>
    public bool TryAcquire(int credits)
    {
        CheckCredits(credits);
        if (_count > 0 || credits > Available) return false;
        Take(credits);
        return true;
    }

    /// <summary>
    /// Takes <paramref name="credits"/>: <paramref name="onGranted"/> is called with <paramref name="state"/> and
    /// <paramref name="arg"/> at the current time if they are free and nobody waits, otherwise when the releases
    /// before it have freed enough and every earlier waiter has been served. The holder later calls <see cref="Release"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="credits"/> is below 1 or above <see cref="Capacity"/>.</exception>
    public void Acquire(int credits, Action<object?, long> onGranted, object? state, long arg)
    {
        ArgumentNullException.ThrowIfNull(onGranted);
        CheckCredits(credits);
        if (_count == 0 && credits <= Available)
        {
            Take(credits);
            _sim.Schedule(SimTime.Zero, onGranted, state, arg);
            return;
        }
        Waits++;
        Enqueue(new Waiter { Credits = credits, Callback = onGranted, State = state, Arg = arg, SincePs = _sim.Now.Picoseconds });
    }

    /// <summary>Returns <paramref name="credits"/> and grants the waiters at the head of the queue that now fit, in order.</summary>
    /// <exception cref="InvalidOperationException">More credits would be returned than are held.</exception>
    public void Release(int credits)
    {
        if (credits < 1 || credits > InUse)
            throw new InvalidOperationException($"released {credits} credits of a pool with {InUse} in use");
        InUse -= credits;
        Occupancy.Update(_sim.Now, InUse);
        while (_count > 0 && _ring[_head].Credits <= Available)
        {
            var w = _ring[_head];
            _ring[_head] = default;
            _head = (_head + 1) & (_ring.Length - 1);
            _count--;
            _waitPs += _sim.Now.Picoseconds - Math.Max(w.SincePs, _windowStartPs);
            Take(w.Credits);
            _sim.Schedule(SimTime.Zero, w.Callback, w.State, w.Arg);
        }
    }

    /// <summary>Starts a new statistics window now (end of warm-up); credits held and waiters are kept.</summary>
    public void ResetStatistics()
    {
        Occupancy.Reset(_sim.Now);
        _windowStartPs = _sim.Now.Picoseconds;
        _waitPs = 0;
        Grants = 0;
        Waits = 0;
    }

    private void Take(int credits)
    {
        InUse += credits;
        Grants++;
        Occupancy.Update(_sim.Now, InUse);
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

    private void CheckCredits(int credits)
    {
        if (credits < 1 || credits > Capacity)
            throw new ArgumentOutOfRangeException(nameof(credits), credits, $"a request takes 1 to {Capacity} credits");
    }
}
