using IommuSim.Kernel;

namespace IommuSim.Host;

/// <summary>
/// The range cache ("rcache") for one allocation size of one domain: per CPU a loaded and a previous
/// magazine, and a shared depot of full magazines (drivers/iommu/iova.c, struct iova_rcache). Frees and
/// allocations of that size on one CPU are served here without touching the tree.
/// </summary>
/// <remarks>
/// In current kernels (commit "iommu/iova: Make the rcache depot scale better", 2023; before it the
/// depot held at most 32 magazines) the depot is an unbounded list that a delayed work trims, one magazine every
/// <see cref="DepotTrimInterval"/> while it holds more magazines than there are CPUs; the trimmed ranges
/// go back to the tree. Magazines are recycled through a spare stack so steady state allocates nothing.
/// </remarks>
internal sealed class IovaRangeCache
{
    /// <summary>Delay of the depot trimming work: IOVA_DEPOT_DELAY, msecs_to_jiffies(100) (drivers/iommu/iova.c).</summary>
    public static readonly SimTime DepotTrimInterval = SimTime.FromMilliseconds(100);

    private static readonly Action<object?> s_trim = static s => ((IovaRangeCache)s!).TrimDepot();

    private readonly Simulation _sim;
    private readonly IovaAllocator _owner;
    private readonly IovaMagazine[] _loaded;
    private readonly IovaMagazine[] _previous;
    private readonly Stack<IovaMagazine> _depot = new();
    private readonly Stack<IovaMagazine> _spare = new();
    private bool _trimPending;

    public IovaRangeCache(Simulation sim, IovaAllocator owner, int cpuCount)
    {
        _sim = sim;
        _owner = owner;
        _loaded = new IovaMagazine[cpuCount];
        _previous = new IovaMagazine[cpuCount];
        for (int c = 0; c < cpuCount; c++)
        {
            _loaded[c] = new IovaMagazine();
            _previous[c] = new IovaMagazine();
        }
    }

    /// <summary>Full magazines in the depot.</summary>
    public int DepotCount => _depot.Count;

    /// <summary>Ranges held in all magazines of this size.</summary>
    public long CachedRanges
    {
        get
        {
            long n = 0;
            for (int c = 0; c < _loaded.Length; c++) n += _loaded[c].Count + _previous[c].Count;
            return n + (long)_depot.Count * IovaMagazine.Capacity;
        }
    }

    /// <summary>Caches the range starting at <paramref name="pfn"/> on <paramref name="cpu"/> (always succeeds: the depot is unbounded).</summary>
    public void Insert(int cpu, ulong pfn)
    {
        if (_loaded[cpu].IsFull)
        {
            if (!_previous[cpu].IsFull)
            {
                (_loaded[cpu], _previous[cpu]) = (_previous[cpu], _loaded[cpu]);
            }
            else
            {
                // Both full: the loaded one goes to the depot, a fresh one takes its place.
                _depot.Push(_loaded[cpu]);
                _loaded[cpu] = _spare.Count > 0 ? _spare.Pop() : new IovaMagazine();
                ScheduleTrim();
            }
        }
        _loaded[cpu].Push(pfn);
    }

    /// <summary>A cached range whose first page is at most <paramref name="maxPfn"/>, or 0.</summary>
    public ulong Get(int cpu, ulong maxPfn)
    {
        if (_loaded[cpu].IsEmpty)
        {
            if (!_previous[cpu].IsEmpty)
            {
                (_loaded[cpu], _previous[cpu]) = (_previous[cpu], _loaded[cpu]);
            }
            else if (_depot.Count > 0)
            {
                _spare.Push(_loaded[cpu]);
                _loaded[cpu] = _depot.Pop();
            }
            else return 0;
        }
        return _loaded[cpu].Pop(maxPfn);
    }

    /// <summary>Gives every range cached on <paramref name="cpu"/> back to the tree (free_cpu_cached_iovas).</summary>
    public void ReleaseCpu(int cpu)
    {
        ReleaseAll(_loaded[cpu]);
        ReleaseAll(_previous[cpu]);
    }

    /// <summary>Gives every range in the depot back to the tree (free_global_cached_iovas).</summary>
    public void ReleaseDepot()
    {
        while (_depot.Count > 0)
        {
            var mag = _depot.Pop();
            ReleaseAll(mag);
            _spare.Push(mag);
        }
    }

    private void ReleaseAll(IovaMagazine mag)
    {
        for (int i = 0; i < mag.Count; i++) _owner.FreeToTree(mag[i]);
        mag.Clear();
    }

    // schedule_delayed_work does nothing when the work is already pending.
    private void ScheduleTrim()
    {
        if (_trimPending) return;
        _trimPending = true;
        _sim.Schedule(DepotTrimInterval, s_trim, this);
    }

    private void TrimDepot()
    {
        _trimPending = false;
        if (_depot.Count <= _loaded.Length) return;
        var mag = _depot.Pop();
        ReleaseAll(mag);
        _spare.Push(mag);
        ScheduleTrim();
    }
}
