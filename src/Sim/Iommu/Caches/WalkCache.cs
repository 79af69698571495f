namespace IommuSim.Iommu;

/// <summary>
/// One level of paging-structure cache: non-leaf entries of tables at <see cref="Level"/>, each giving the
/// physical address of the next-level table, tagged by domain and the IOVA bits the entry covers
/// (<see cref="TranslationTag.WalkEntry"/>). A hit at level L lets a walk start at the level L − 1 table.
/// </summary>
/// <remarks>
/// The walker checks every hit against the live tables and drops an entry that points to a table no longer
/// on the path (<see cref="DropStale"/>), counting the lookup as a miss: the model never walks freed tables.
/// </remarks>
public sealed class WalkCache
{
    // Ranges covered by fewer entries than this are invalidated entry by entry, larger ones by a scan.
    private const ulong TargetedEntries = 16;

    private readonly SetAssociativeCache<ulong> _cache;
    private readonly int _shift;

    /// <summary>Creates an empty cache of level-<paramref name="level"/> entries (2 to 5).</summary>
    public WalkCache(int level, CacheParams geometry, ulong seed)
    {
        if (level is < 2 or > 5)
            throw new ArgumentOutOfRangeException(nameof(level), level, "walk caches hold non-leaf entries of levels 2 to 5");
        ArgumentNullException.ThrowIfNull(geometry);
        Level = level;
        _shift = PageTableFormat.LevelShift(level);
        _cache = new SetAssociativeCache<ulong>(geometry, seed);
    }

    /// <summary>The level of the entries held.</summary>
    public int Level { get; }
    /// <summary>The underlying cache (geometry, evictions, occupancy).</summary>
    public SetAssociativeCache<ulong> Cache => _cache;
    /// <summary>Lookups that found a valid entry.</summary>
    public long Hits { get; private set; }
    /// <summary>Lookups that found none, or a stale one.</summary>
    public long Misses { get; private set; }
    /// <summary>Entries dropped because they no longer matched the tables.</summary>
    public long StaleDrops { get; private set; }

    /// <summary>The next-level table address cached for the level-<see cref="Level"/> entry on the path of <paramref name="iova"/>.</summary>
    public bool TryLookup(int domainId, ulong iova, out ulong nextTable)
    {
        bool hit = _cache.TryLookup(TranslationTag.WalkEntry(domainId, iova, Level), iova >> _shift, out nextTable);
        if (hit) Hits++;
        else Misses++;
        return hit;
    }

    /// <summary>Caches the level-<see cref="Level"/> entry on the path of <paramref name="iova"/>.</summary>
    public void Insert(int domainId, ulong iova, ulong nextTable) =>
        _cache.Insert(TranslationTag.WalkEntry(domainId, iova, Level), iova >> _shift, nextTable);

    /// <summary>Drops an entry just found stale and turns its lookup into a miss.</summary>
    public void DropStale(int domainId, ulong iova)
    {
        if (!_cache.Invalidate(TranslationTag.WalkEntry(domainId, iova, Level), iova >> _shift)) return;
        Hits--;
        Misses++;
        StaleDrops++;
    }

    /// <summary>Removes the entries of <paramref name="domainId"/> covering any of [<paramref name="start"/>, start + <paramref name="bytes"/>).</summary>
    public int InvalidateRange(int domainId, ulong start, ulong bytes)
    {
        if (bytes == 0) return 0;
        ulong last = bytes - 1 > ulong.MaxValue - start ? ulong.MaxValue : start + bytes - 1;
        ulong first = start >> _shift, final = last >> _shift;
        if (final - first >= TargetedEntries)
            return _cache.InvalidateWhere(new CoveringRange((ushort)domainId, first, final));
        // Few entries cover a short range: remove them by tag instead of scanning.
        int removed = 0;
        for (ulong prefix = first; prefix <= final; prefix++)
            if (_cache.Invalidate(TranslationTag.WalkEntry(domainId, prefix << _shift, Level), prefix)) removed++;
        return removed;
    }

    /// <summary>Removes every entry of <paramref name="domainId"/>.</summary>
    public int InvalidateDomain(int domainId) => _cache.InvalidateWhere(new OfDomain((ushort)domainId));

    /// <summary>Removes every entry.</summary>
    public int InvalidateAll() => _cache.InvalidateAll();

    /// <summary>Zeroes the counters; the contents stay.</summary>
    public void ResetCounters()
    {
        Hits = 0;
        Misses = 0;
        StaleDrops = 0;
        _cache.ResetCounters();
    }

    private readonly struct OfDomain(ushort domainId) : ICacheEntryPredicate<ulong>
    {
        public bool Matches(ulong tag, in ulong value) => TranslationTag.DomainOf(tag) == domainId;
    }

    private readonly struct CoveringRange(ushort domainId, ulong first, ulong last) : ICacheEntryPredicate<ulong>
    {
        public bool Matches(ulong tag, in ulong value)
        {
            ulong prefix = TranslationTag.PrefixOf(tag);
            return TranslationTag.DomainOf(tag) == domainId && prefix >= first && prefix <= last;
        }
    }
}
