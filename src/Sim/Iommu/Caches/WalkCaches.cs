namespace IommuSim.Iommu;

/// <summary>The paging-structure caches of one stage: a <see cref="WalkCache"/> per level 2 to 5, or none where the level has 0 entries.</summary>
public sealed class WalkCaches
{
    private readonly WalkCache?[] _byLevel = new WalkCache?[6];

    /// <summary>Creates the caches; <paramref name="entriesOfLevel"/> gives each level's entries (0 for none).</summary>
    public WalkCaches(Func<int, int> entriesOfLevel, int ways, ReplacementPolicy replacement, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(entriesOfLevel);
        for (int level = 2; level <= 5; level++)
        {
            int entries = entriesOfLevel(level);
            if (entries > 0)
                _byLevel[level] = new WalkCache(level, CacheShape.Of(entries, ways, replacement), seed + (ulong)level);
        }
    }

    /// <summary>The stage-1 caches of <paramref name="parameters"/>.</summary>
    public static WalkCaches Stage1(WalkCacheParams parameters, ulong seed) =>
        new(parameters.Stage1Entries, parameters.Ways, parameters.Replacement, seed);

    /// <summary>The stage-2 caches of <paramref name="parameters"/>.</summary>
    public static WalkCaches Stage2(WalkCacheParams parameters, ulong seed) =>
        new(parameters.Stage2Entries, parameters.Ways, parameters.Replacement, seed);

    /// <summary>The cache of level <paramref name="level"/>, or null when that level has none (or is not 2 to 5).</summary>
    public WalkCache? this[int level] => (uint)level < (uint)_byLevel.Length ? _byLevel[level] : null;

    /// <summary>Lookups that hit, over all levels.</summary>
    public long Hits => _byLevel.Sum(c => c?.Hits ?? 0);
    /// <summary>Lookups that missed, over all levels.</summary>
    public long Misses => _byLevel.Sum(c => c?.Misses ?? 0);

    /// <summary>Removes entries of <paramref name="domainId"/> covering any of the range, at every level.</summary>
    public int InvalidateRange(int domainId, ulong start, ulong bytes)
    {
        int removed = 0;
        foreach (var c in _byLevel) removed += c?.InvalidateRange(domainId, start, bytes) ?? 0;
        return removed;
    }

    /// <summary>Removes every entry of <paramref name="domainId"/>, at every level.</summary>
    public int InvalidateDomain(int domainId)
    {
        int removed = 0;
        foreach (var c in _byLevel) removed += c?.InvalidateDomain(domainId) ?? 0;
        return removed;
    }

    /// <summary>Removes every entry, at every level.</summary>
    public int InvalidateAll()
    {
        int removed = 0;
        foreach (var c in _byLevel) removed += c?.InvalidateAll() ?? 0;
        return removed;
    }

    /// <summary>Zeroes every level's counters.</summary>
    public void ResetCounters()
    {
        foreach (var c in _byLevel) c?.ResetCounters();
    }
}
