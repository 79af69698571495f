using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Host;

/// <summary>
/// One host CPU as a kernel resource: an operation (a map, an unmap and the invalidation it spins on, an
/// interrupt handler, a bounce copy) holds it from start to end, and nothing else runs on it meanwhile.
/// Waiting operations are served interrupt work first (<see cref="CpuContext"/>), first come, first served
/// within a context, and are not preempted.
/// </summary>
/// <remarks>
/// <para>Holders take the CPU with <see cref="Acquire"/> (or <see cref="TryAcquire"/> when it must be free now)
/// and give it back with <see cref="Release"/>; code running on a held CPU says what the time went to with
/// <see cref="Account"/>. Busy time is measured from the holds themselves, so it cannot overlap: the
/// utilisation of a saturated CPU is 1, and a spin is busy time whatever else is waiting.</para>
/// <para>No preemption is a modelling choice: in Linux a hard interrupt preempts process-context work, but
/// the DMA work modelled here is short, and the long part of it (a synchronous invalidation) spins with
/// interrupts off (qi_submit_sync under raw_spin_lock_irqsave); an interrupt waits for the operation to end,
/// then goes before any task work that is waiting.</para>
/// </remarks>
public sealed class HostCpu
{
    private readonly Simulation _sim;
    private readonly Resource _core;
    private readonly long[] _workPs = new long[Enum.GetValues<CpuWork>().Length];
    private readonly TimeWeightedMonitor _queue;
    private long _heldSincePs = -1;
    private long _windowStartPs;
    private long _busyPs;

    /// <summary>Creates CPU <paramref name="index"/>, idle.</summary>
    public HostCpu(Simulation simulation, int index)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        _sim = simulation;
        Index = index;
        _core = new Resource(simulation, 1, levels: 2);
        _queue = new TimeWeightedMonitor(simulation.Now);
        _windowStartPs = simulation.Now.Picoseconds;
        _core.Changed += OnChanged;
    }

    /// <summary>The CPU's number (Linux's smp_processor_id).</summary>
    public int Index { get; }

    /// <summary>True while an operation holds the CPU.</summary>
    public bool IsHeld => _core.InUse > 0;

    /// <summary>
    /// The context the current holder asked for; null when the CPU is free or was taken with
    /// <see cref="TryAcquire"/> (setup work). Trace lines take their task and flags from it.
    /// </summary>
    public CpuContext? HolderContext => IsHeld && _core.LastGrantedLevel >= 0 ? (CpuContext)_core.LastGrantedLevel : null;

    /// <summary>Operations waiting for the CPU now.</summary>
    public int Waiting => _core.QueueLength;

    /// <summary>Operations that released the CPU in the window.</summary>
    public long Operations { get; private set; }

    /// <summary>Start of the observation window (construction, <see cref="Reset"/> or <see cref="Clear"/>).</summary>
    public SimTime WindowStart => new(_windowStartPs);

    /// <summary>
    /// Takes the CPU for work in <paramref name="context"/>: <paramref name="onGranted"/>(<paramref name="state"/>,
    /// <paramref name="arg"/>) runs, from the event loop, when it is this operation's turn. The holder calls
    /// <see cref="Release"/> when done.
    /// </summary>
    public void Acquire(CpuContext context, Action<object?, long> onGranted, object? state, long arg) =>
        _core.Acquire(onGranted, state, arg, (int)context);

    /// <summary>Takes the CPU at once if it is free and nobody waits; false otherwise.</summary>
    public bool TryAcquire() => _core.TryAcquire();

    /// <summary>Gives the CPU back; the next waiter gets it at the current time.</summary>
    /// <exception cref="InvalidOperationException">The CPU is not held.</exception>
    public void Release()
    {
        _core.ReleaseUnit();
        Operations++;
    }

    /// <summary>Records that <paramref name="duration"/> of the current hold goes to <paramref name="kind"/>.</summary>
    /// <exception cref="InvalidOperationException">The CPU is not held: work runs only on a held CPU.</exception>
    public void Account(CpuWork kind, SimTime duration)
    {
        if (!IsHeld) throw new InvalidOperationException($"work ({kind}) accounted to CPU {Index}, which no operation holds");
        _workPs[(int)kind] += duration.Picoseconds;
    }

    /// <summary>
    /// Busy time in the window up to now: the held time, including a hold still running. Work accounted to an
    /// operation but still ahead of the clock (the rest of a running hold) is not counted yet.
    /// </summary>
    public SimTime BusyTime
    {
        get
        {
            long busy = _busyPs;
            if (_heldSincePs >= 0) busy += _sim.Now.Picoseconds - Math.Max(_heldSincePs, _windowStartPs);
            return new SimTime(busy);
        }
    }

    /// <summary>Busy time over the window's length; 0 for an empty window.</summary>
    public double Utilisation
    {
        get
        {
            long elapsed = _sim.Now.Picoseconds - _windowStartPs;
            return elapsed > 0 ? BusyTime.Picoseconds / (double)elapsed : 0;
        }
    }

    /// <summary>Time accounted to <paramref name="kind"/> in the window (operations that started in it, whole).</summary>
    public SimTime WorkTime(CpuWork kind) => new(_workPs[(int)kind]);

    /// <summary>Time-averaged number of operations waiting for the CPU in the window.</summary>
    public double MeanWaiting => _queue.Mean(_sim.Now);

    /// <summary>Starts a new window now (e.g. after warm-up); a hold still running counts from now.</summary>
    public void Reset()
    {
        _windowStartPs = _sim.Now.Picoseconds;
        _busyPs = 0;
        Operations = 0;
        Array.Clear(_workPs);
        _queue.Reset(_sim.Now);
    }

    /// <summary>Forgets everything measured: for setup work (pre-mapping working sets) that is not workload.</summary>
    /// <exception cref="InvalidOperationException">An operation still holds the CPU.</exception>
    public void Clear()
    {
        if (IsHeld) throw new InvalidOperationException($"CPU {Index} is still held; setup must release it");
        Reset();
    }

    private void OnChanged(Resource core)
    {
        long now = _sim.Now.Picoseconds;
        if (core.InUse > 0 && _heldSincePs < 0) _heldSincePs = now;
        else if (core.InUse == 0 && _heldSincePs >= 0)
        {
            _busyPs += now - Math.Max(_heldSincePs, _windowStartPs);
            _heldSincePs = -1;
        }
        if (_queue.Current != core.QueueLength) _queue.Update(_sim.Now, core.QueueLength);
    }
}
