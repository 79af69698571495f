using System.Runtime.CompilerServices;

namespace IommuSim.Iommu;

/// <summary>
/// The context cache: requester ID (bus, device, function) to the domain its context entry names. A cached
/// entry outlives a change of the context table until it is invalidated, as in hardware.
/// </summary>
/// <remarks>
/// Entries hold an index into the domains this cache has seen rather than the domain itself: a plain integer
/// copies out of the cache without a garbage-collector write barrier, which matters on the hit path.
/// </remarks>
public sealed class ContextCache
{
    private readonly SetAssociativeCache<int> _cache;
    private Domain[] _domains = new Domain[4];
    private int _domainCount;
    private readonly Dictionary<Domain, int> _indexOf = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates an empty context cache.</summary>
    public ContextCache(CacheParams geometry, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _cache = new SetAssociativeCache<int>(geometry, seed);
    }

    /// <summary>The underlying cache (geometry, hits, misses, evictions); values are internal domain indexes.</summary>
    public SetAssociativeCache<int> Cache => _cache;
    /// <summary>Lookups that found the requester.</summary>
    public long Hits => _cache.Hits;
    /// <summary>Lookups that did not.</summary>
    public long Misses => _cache.Misses;

    /// <summary>The cached domain of <paramref name="requesterId"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryLookup(ushort requesterId, out Domain domain)
    {
        if (_cache.TryLookup(requesterId, requesterId, out int index))
        {
            domain = _domains[index];
            return true;
        }
        domain = null!;
        return false;
    }

    /// <summary>Caches the context entry of <paramref name="requesterId"/>.</summary>
    public void Insert(ushort requesterId, Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (!_indexOf.TryGetValue(domain, out int index))
        {
            index = _domainCount++;
            if (index == _domains.Length) Array.Resize(ref _domains, 2 * index);
            _domains[index] = domain;
            _indexOf.Add(domain, index);
        }
        _cache.Insert(requesterId, requesterId, index);
    }

    /// <summary>Removes the entry of one requester; true if it was cached.</summary>
    public bool InvalidateDevice(ushort requesterId) => _cache.Invalidate(requesterId, requesterId);

    /// <summary>Removes every entry naming <paramref name="domainId"/>; returns how many.</summary>
    public int InvalidateDomain(int domainId) => _cache.InvalidateWhere(new OfDomain(_domains, domainId));

    /// <summary>Removes every entry; returns how many.</summary>
    public int InvalidateAll() => _cache.InvalidateAll();

    private readonly struct OfDomain(Domain[] domains, int domainId) : ICacheEntryPredicate<int>
    {
        public bool Matches(ulong tag, in int value) => domains[value].Id == domainId;
    }
}
