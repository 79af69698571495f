using IommuSim.Kernel;

namespace IommuSim.Host;

/// <summary>
/// Busy time of each simulated CPU caused by the DMA API, and the utilisation it gives: busy time in the
/// window divided by the window's length (the window starts at construction or <see cref="Reset"/>).
/// </summary>
/// <remarks>
/// A CPU runs one operation at a time: work charged while it is busy starts when it becomes free, so a
/// burst of calls on one CPU completes one after another. Spinning on an IOTLB invalidation is busy time.
/// Work already charged but still in the future at the time of a query is not counted yet.
/// </remarks>
public sealed class CpuUsage
{
    private readonly Simulation _sim;
    private readonly long[] _busyPs;
    private readonly long[] _busyUntilPs;
    private long _windowStartPs;

    /// <summary>Creates the accounts of <paramref name="cpuCount"/> idle CPUs, starting the window now.</summary>
    public CpuUsage(Simulation sim, int cpuCount)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentOutOfRangeException.ThrowIfLessThan(cpuCount, 1);
        _sim = sim;
        _busyPs = new long[cpuCount];
        _busyUntilPs = new long[cpuCount];
        _windowStartPs = sim.Now.Picoseconds;
    }

    /// <summary>Number of CPUs.</summary>
    public int CpuCount => _busyPs.Length;

    /// <summary>Start of the observation window.</summary>
    public SimTime WindowStart => new(_windowStartPs);

    /// <summary>
    /// Charges <paramref name="duration"/> of work to <paramref name="cpu"/>, starting now or when the CPU
    /// is next free, and returns when the work ends.
    /// </summary>
    public SimTime Charge(int cpu, SimTime duration)
    {
        long start = Math.Max(_sim.Now.Picoseconds, _busyUntilPs[cpu]);
        long end = start + duration.Picoseconds;
        _busyUntilPs[cpu] = end;
        _busyPs[cpu] += duration.Picoseconds;
        return new SimTime(end);
    }

    /// <summary>Counts [<paramref name="from"/>, <paramref name="to"/>) as busy: the CPU spun waiting for hardware.</summary>
    public void Spin(int cpu, SimTime from, SimTime to)
    {
        long f = Math.Max(from.Picoseconds, _busyUntilPs[cpu]);
        if (to.Picoseconds <= f) return;
        _busyPs[cpu] += to.Picoseconds - f;
        _busyUntilPs[cpu] = to.Picoseconds;
    }

    /// <summary>When <paramref name="cpu"/> is next free.</summary>
    public SimTime BusyUntil(int cpu) => new(_busyUntilPs[cpu]);

    /// <summary>Busy time of <paramref name="cpu"/> in the window up to now.</summary>
    public SimTime BusyTime(int cpu)
    {
        long ahead = Math.Max(0, _busyUntilPs[cpu] - _sim.Now.Picoseconds);
        return new SimTime(_busyPs[cpu] - ahead);
    }

    /// <summary>Busy time of <paramref name="cpu"/> over the window's length, 0 for an empty window.</summary>
    public double Utilisation(int cpu)
    {
        long elapsed = _sim.Now.Picoseconds - _windowStartPs;
        return elapsed > 0 ? BusyTime(cpu).Picoseconds / (double)elapsed : 0;
    }

    /// <summary>The mean of <see cref="Utilisation"/> over all CPUs.</summary>
    public double MeanUtilisation()
    {
        double sum = 0;
        for (int c = 0; c < CpuCount; c++) sum += Utilisation(c);
        return sum / CpuCount;
    }

    /// <summary>Starts a new window now (e.g. after warm-up); work still running carries over.</summary>
    public void Reset()
    {
        long now = _sim.Now.Picoseconds;
        for (int c = 0; c < CpuCount; c++) _busyPs[c] = Math.Max(0, _busyUntilPs[c] - now);
        _windowStartPs = now;
    }

    /// <summary>
    /// Forgets all work: every CPU is idle now and the window restarts. For setup done before a run (mapping
    /// pre-mapped working sets), whose CPU time is not part of the workload.
    /// </summary>
    public void Clear()
    {
        Array.Clear(_busyPs);
        Array.Clear(_busyUntilPs);
        _windowStartPs = _sim.Now.Picoseconds;
    }
}
