using IommuSim.Kernel;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// Simulated time done over all jobs, updated lock-free by the workers (one slot per job) and read by
/// the progress display. A <see cref="Progress{T}"/> would post every report to the thread pool.
/// </summary>
internal sealed class BatchProgress
{
    private readonly long[] _done;
    private readonly long[] _total;

    public BatchProgress(IReadOnlyList<RunJob> jobs)
    {
        _done = new long[jobs.Count];
        _total = jobs.Select(j => j.SimulatedTime.Picoseconds).ToArray();
        Total = new SimTime(_total.Sum());
    }

    /// <summary>Simulated time of all jobs together.</summary>
    public SimTime Total { get; }

    /// <summary>Simulated time done so far over all jobs.</summary>
    public SimTime Done
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _done.Length; i++) sum += Math.Min(Volatile.Read(ref _done[i]), _total[i]);
            return new SimTime(sum);
        }
    }

    /// <summary>Done as a fraction of <see cref="Total"/>, 0..1.</summary>
    public double Fraction => Total.Picoseconds == 0 ? 1 : (double)Done.Picoseconds / Total.Picoseconds;

    /// <summary>The reporter the runner of job <paramref name="index"/> gets.</summary>
    public IProgress<SimTime> For(int index) => new Slot(this, index);

    /// <summary>Marks job <paramref name="index"/> complete.</summary>
    public void Complete(int index) => Volatile.Write(ref _done[index], _total[index]);

    private sealed class Slot(BatchProgress owner, int index) : IProgress<SimTime>
    {
        public void Report(SimTime value) => Volatile.Write(ref owner._done[index], value.Picoseconds);
    }
}
