namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// The interrupt entry cache (IEC): IRTEs by table index. A cached entry outlives a change of the table until
/// an interrupt-entry-cache invalidation removes it, as in hardware.
/// </summary>
public sealed class InterruptEntryCache
{
    private readonly SetAssociativeCache<Irte> _cache;

    /// <summary>Creates an empty cache; <paramref name="seed"/> drives random replacement.</summary>
    public InterruptEntryCache(CacheParams geometry, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _cache = new SetAssociativeCache<Irte>(geometry, seed);
    }

    /// <summary>The underlying cache (geometry, occupancy, evictions, invalidations).</summary>
    public SetAssociativeCache<Irte> Cache => _cache;
    /// <summary>Lookups that found their entry.</summary>
    public long Hits => _cache.Hits;
    /// <summary>Lookups that did not.</summary>
    public long Misses => _cache.Misses;

    /// <summary>The cached entry of table index <paramref name="index"/>; counts a hit or a miss.</summary>
    public bool TryLookup(int index, out Irte entry) => _cache.TryLookup((ulong)index, (ulong)index, out entry);

    /// <summary>Caches the entry read for <paramref name="index"/>.</summary>
    public void Insert(int index, in Irte entry) => _cache.Insert((ulong)index, (ulong)index, entry);

    /// <summary>
    /// Index-selective invalidation: removes the 2^<paramref name="indexMask"/> entries of the aligned block
    /// holding <paramref name="index"/> (VT-d's IIDX with its low IM bits ignored); returns how many were cached.
    /// </summary>
    public int InvalidateIndex(int index, int indexMask)
    {
        if (index is < 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(index), index, "interrupt remapping table indexes are 16-bit");
        if (indexMask is < 0 or > 16)
            throw new ArgumentOutOfRangeException(nameof(indexMask), indexMask, "an index mask is 0 to 16");
        int count = 1 << indexMask;
        int first = index & ~(count - 1);
        // A block larger than the cache is cheaper to sweep once than to probe entry by entry.
        if (count > _cache.Parameters.Entries) return _cache.InvalidateWhere(new InBlock(first, count));
        int removed = 0;
        for (int i = first; i < first + count; i++)
            if (_cache.Invalidate((ulong)i, (ulong)i)) removed++;
        return removed;
    }

    /// <summary>Global invalidation: removes every entry and returns how many were cached.</summary>
    public int InvalidateAll() => _cache.InvalidateAll();

    private readonly struct InBlock(int first, int count) : ICacheEntryPredicate<Irte>
    {
        public bool Matches(ulong tag, in Irte value) => tag - (ulong)first < (ulong)count;
    }
}
