namespace IommuSim.Iommu;

/// <summary>
/// The context cache: requester ID (bus, device, function) to the domain its context entry names. A cached
/// entry outlives a change of the context table until it is invalidated, as in hardware.
/// </summary>
public sealed class ContextCache
{
    private readonly SetAssociativeCache<Entry> _cache;

    /// <summary>Creates an empty context cache.</summary>
    public ContextCache(CacheParams geometry, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _cache = new SetAssociativeCache<Entry>(geometry, seed);
    }

    /// <summary>The underlying cache (geometry, hits, misses, evictions).</summary>
    public SetAssociativeCache<Entry> Cache => _cache;
    /// <summary>Lookups that found the requester.</summary>
    public long Hits => _cache.Hits;
    /// <summary>Lookups that did not.</summary>
    public long Misses => _cache.Misses;

    /// <summary>The cached domain of <paramref name="requesterId"/>.</summary>
    public bool TryLookup(ushort requesterId, out Domain domain)
    {
        bool hit = _cache.TryLookup(requesterId, requesterId, out var entry);
        domain = entry.Domain;
        return hit;
    }

    /// <summary>Caches the context entry of <paramref name="requesterId"/>.</summary>
    public void Insert(ushort requesterId, Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        _cache.Insert(requesterId, requesterId, new Entry(domain));
    }

    /// <summary>Removes the entry of one requester; true if it was cached.</summary>
    public bool InvalidateDevice(ushort requesterId) => _cache.Invalidate(requesterId, requesterId);

    /// <summary>Removes every entry naming <paramref name="domainId"/>; returns how many.</summary>
    public int InvalidateDomain(int domainId) => _cache.InvalidateWhere(new OfDomain(domainId));

    /// <summary>Removes every entry; returns how many.</summary>
    public int InvalidateAll() => _cache.InvalidateAll();

    /// <summary>A cached context entry: the domain a requester is attached to.</summary>
    /// <param name="Domain">The domain.</param>
    public readonly record struct Entry(Domain Domain);

    private readonly struct OfDomain(int domainId) : ICacheEntryPredicate<Entry>
    {
        public bool Matches(ulong tag, in Entry value) => value.Domain.Id == domainId;
    }
}
