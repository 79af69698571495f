using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Iommu;

/// <summary>
/// The unit's page walkers: a kernel <see cref="Resource"/> of N walkers, granted first come first served
/// through its allocation-free callback path. With walk sharing on, a miss to a 4 KiB page (same domain)
/// that is already being walked, or waiting for a walker, joins that walk instead of starting another.
/// </summary>
public sealed class PageWalkerPool
{
    private static readonly Action<object?> Granted = static s => { var job = (WalkJob)s!; job.Pool.OnGranted(job); };
    private static readonly Action<object?> Finished = static s => { var job = (WalkJob)s!; job.Pool.OnFinished(job); };

    private readonly Simulation _sim;
    private readonly Resource _walkers;
    private readonly PageWalker _walker;
    private readonly TranslationUnit _unit;
    private readonly Dictionary<ulong, WalkJob> _inFlight = new();
    private readonly TimeWeightedMonitor _busy;
    private readonly TimeWeightedMonitor _queued;
    private long _waitPs;
    private WalkJob? _free;

    internal PageWalkerPool(Simulation simulation, WalkerParams parameters, PageWalker walker, TranslationUnit unit)
    {
        _sim = simulation;
        _walkers = new Resource(simulation, parameters.Count);
        _walker = walker;
        _unit = unit;
        ShareWalks = parameters.ShareWalks;
        _busy = new TimeWeightedMonitor(simulation.Now);
        _queued = new TimeWeightedMonitor(simulation.Now);
        _walkers.Changed += OnChanged;
    }

    /// <summary>Number of walkers.</summary>
    public int Count => _walkers.Capacity;
    /// <summary>Whether concurrent misses to one page share a walk.</summary>
    public bool ShareWalks { get; }
    /// <summary>Walkers busy now.</summary>
    public int Busy => _walkers.InUse;
    /// <summary>Walks waiting for a walker now.</summary>
    public int Queued => _walkers.QueueLength;
    /// <summary>The walkers as a kernel resource, for monitors (<see cref="Resource.Changed"/>).</summary>
    public Resource Walkers => _walkers;
    /// <summary>Walks finished.</summary>
    public long Walks { get; private set; }
    /// <summary>Memory reads made by finished walks.</summary>
    public long WalkReads { get; private set; }
    /// <summary>Misses that joined a walk another miss had started.</summary>
    public long SharedWalks { get; private set; }

    /// <summary>Time-averaged busy walkers over <see cref="Count"/> since the counters were reset.</summary>
    public double Utilisation => _busy.Mean(_sim.Now) / Count;

    /// <summary>Time-averaged number of walks waiting for a walker since the counters were reset.</summary>
    public double MeanQueued => _queued.Mean(_sim.Now);

    /// <summary>Mean wait for a walker of the walks finished since the counters were reset, in picoseconds; NaN for none.</summary>
    public double MeanWaitPs => Walks > 0 ? (double)_waitPs / Walks : double.NaN;

    /// <summary>Zeroes the counters and restarts the time averages.</summary>
    public void ResetCounters()
    {
        Walks = 0;
        WalkReads = 0;
        SharedWalks = 0;
        _waitPs = 0;
        _busy.Reset(_sim.Now);
        _queued.Reset(_sim.Now);
    }

    private void OnChanged(Resource walkers)
    {
        if (_busy.Current != walkers.InUse) _busy.Update(_sim.Now, walkers.InUse);
        if (_queued.Current != walkers.QueueLength) _queued.Update(_sim.Now, walkers.QueueLength);
    }

    internal void Submit(PendingTranslation pending)
    {
        var domain = pending.Domain!;
        ulong iova = pending.Request.Iova;
        pending.WalkQueuedAt = _sim.Now;
        ulong key = TranslationTag.Translation(domain.Id, PageSize.Size4KiB, iova >> PageTableFormat.BasePageShift);
        if (ShareWalks && _inFlight.TryGetValue(key, out var running))
        {
            running.Add(pending);
            SharedWalks++;
            return;
        }
        var job = Rent();
        job.Domain = domain;
        job.Iova = iova;
        job.QueuedAt = _sim.Now;
        job.Key = key;
        job.Add(pending);
        if (ShareWalks) _inFlight.Add(key, job);
        _walkers.Acquire(Granted, job);
    }

    private void OnGranted(WalkJob job)
    {
        job.GrantedAt = _sim.Now;
        job.Epoch = _unit.Epoch;
        job.Result = _walker.Walk(job.Domain, job.Iova);
        _sim.Schedule(job.Result.Duration, Finished, job);
    }

    private void OnFinished(WalkJob job)
    {
        _walkers.ReleaseUnit();
        if (ShareWalks) _inFlight.Remove(job.Key);
        Walks++;
        WalkReads += job.Result.Reads;
        _waitPs += (job.GrantedAt - job.QueuedAt).Picoseconds;
        // Delivery may start new translations; the job is recycled only after it.
        _unit.FinishWalk(job);
        job.Domain = null!;
        job.First = job.Last = null;
        job.NextFree = _free;
        _free = job;
    }

    private WalkJob Rent()
    {
        var job = _free;
        if (job is null) return new WalkJob(this);
        _free = job.NextFree;
        job.NextFree = null;
        return job;
    }
}
