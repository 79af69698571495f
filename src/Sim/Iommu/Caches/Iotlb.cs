using System.Runtime.CompilerServices;

namespace IommuSim.Iommu;

/// <summary>
/// The IOTLB: finished translations (IOVA page to physical page and rights) tagged by domain and page size
/// (see <see cref="TranslationTag"/>), unified or split per page size. Also serves as the stage-2 TLB of
/// nested walks and, with domain 0, as the store of a device ATC.
/// </summary>
/// <remarks>
/// A lookup does not know the page size of the translation it wants, so it probes each supported size,
/// 4 KiB first (in hardware the probes run in parallel). <see cref="Hits"/> and <see cref="Misses"/> count
/// lookups, not probes. Entries keep the page's base address; a hit adds the IOVA's offset in the page.
/// Lookups and inserts allocate nothing.
/// </remarks>
public sealed class Iotlb
{
    // Per probe step, in probe order (4 KiB, 2 MiB, 1 GiB among the supported sizes): the cache, the page
    // size and its shift. A unified IOTLB repeats one cache.
    private readonly SetAssociativeCache<TranslationLeaf>[] _probeCache;
    private readonly PageSize[] _probeSize;
    private readonly int[] _probeShift;
    // The same, packed for the lookup loop: one bounds check per probe, size-class tag bits precomputed.
    private readonly Probe[] _probes;
    // Each cache once, for invalidation and statistics.
    private readonly SetAssociativeCache<TranslationLeaf>[] _caches;
    // Ranges of fewer 4 KiB pages than this are invalidated page by page, larger ones by a scan.
    private const ulong TargetedPages = 16;

    /// <summary>Creates an empty IOTLB.</summary>
    /// <param name="organization">One cache for every page size, or one per page size.</param>
    /// <param name="geometry">The unified cache, or the 4 KiB cache when split.</param>
    /// <param name="largePageGeometry">When split: the geometry of each large-page cache; ignored when unified.</param>
    /// <param name="sizes">The page sizes translations may have (must include 4 KiB).</param>
    /// <param name="seed">Seeds random replacement (each cache gets its own seed derived from it).</param>
    public Iotlb(IotlbOrganization organization, CacheParams geometry, CacheParams? largePageGeometry, PageSizes sizes, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if ((sizes & PageSizes.Size4KiB) == 0 || (sizes & ~PageSizes.All) != 0)
            throw new ArgumentOutOfRangeException(nameof(sizes), sizes, "an IOTLB holds 4 KiB translations and optionally 2 MiB and 1 GiB ones");
        if (organization == IotlbOrganization.SplitPerPageSize && largePageGeometry is null && sizes != PageSizes.Size4KiB)
            throw new ArgumentNullException(nameof(largePageGeometry), "a split IOTLB with large pages needs the large-page geometry");
        Organization = organization;
        SupportedPageSizes = sizes;

        var probeSizes = new List<PageSize>();
        foreach (var size in new[] { PageSize.Size4KiB, PageSize.Size2MiB, PageSize.Size1GiB })
            if ((sizes & size.Flag) != 0) probeSizes.Add(size);
        _probeSize = [.. probeSizes];
        _probeShift = probeSizes.Select(s => s.Shift).ToArray();
        _probeCache = new SetAssociativeCache<TranslationLeaf>[_probeSize.Length];

        var unified = new SetAssociativeCache<TranslationLeaf>(geometry, seed);
        if (organization == IotlbOrganization.Unified)
        {
            Array.Fill(_probeCache, unified);
            _caches = [unified];
        }
        else
        {
            _probeCache[0] = unified;
            for (int i = 1; i < _probeCache.Length; i++)
                _probeCache[i] = new SetAssociativeCache<TranslationLeaf>(largePageGeometry!, seed + (ulong)i);
            _caches = [.. _probeCache];
        }
        _probes = new Probe[_probeSize.Length];
        for (int i = 0; i < _probes.Length; i++)
            _probes[i] = new Probe(_probeCache[i], _probeSize[i], TranslationTag.Translation(0, _probeSize[i], 0));
    }

    /// <summary>Unified or split.</summary>
    public IotlbOrganization Organization { get; }
    /// <summary>The page sizes it can hold.</summary>
    public PageSizes SupportedPageSizes { get; }
    /// <summary>Lookups that found a translation.</summary>
    public long Hits { get; private set; }
    /// <summary>Lookups that found none.</summary>
    public long Misses { get; private set; }
    /// <summary>Valid entries evicted to make room, over all caches.</summary>
    public long Evictions => _caches.Sum(c => c.Evictions);
    /// <summary>Valid entries removed by invalidation, over all caches.</summary>
    public long Invalidations => _caches.Sum(c => c.Invalidations);
    /// <summary>Valid entries held, over all caches.</summary>
    public int Occupancy => _caches.Sum(c => c.Occupancy);
    /// <summary>The total capacity, over all caches.</summary>
    public int Capacity => _caches.Sum(c => c.Parameters.Entries);

    /// <summary>The cache that holds translations of <paramref name="size"/> (the same one for every size when unified).</summary>
    /// <exception cref="ArgumentException">The size is not supported.</exception>
    public SetAssociativeCache<TranslationLeaf> CacheFor(PageSize size)
    {
        int i = Array.IndexOf(_probeSize, size);
        return i >= 0 ? _probeCache[i] : throw new ArgumentException($"this IOTLB holds no {size} translations", nameof(size));
    }

    /// <summary>
    /// Looks up the translation of <paramref name="iova"/> in <paramref name="domainId"/>; on a hit,
    /// <paramref name="leaf"/> has the translated address (page base plus offset), the page size and rights.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryLookup(int domainId, ulong iova, out TranslationLeaf leaf)
    {
        ulong domainBits = (ulong)(ushort)domainId << TranslationTag.DomainShift;
        var probes = _probes;
        for (int i = 0; i < probes.Length; i++)
        {
            ref readonly var probe = ref probes[i];
            ulong page = iova >> probe.Shift;
            if (probe.Cache.TryLookup(domainBits | probe.SizeBits | (page & TranslationTag.PageNumberMask), page, out var entry))
            {
                Hits++;
                leaf = new TranslationLeaf(entry.PhysicalAddress | (iova & probe.OffsetMask), probe.Size, entry.Permissions);
                return true;
            }
        }
        Misses++;
        leaf = default;
        return false;
    }

    /// <summary>Caches <paramref name="leaf"/> (a translation of <paramref name="iova"/>) for <paramref name="domainId"/>.</summary>
    /// <returns>True when a valid entry was evicted to make room.</returns>
    /// <exception cref="ArgumentException">The leaf's page size is not supported.</exception>
    public bool Insert(int domainId, ulong iova, in TranslationLeaf leaf)
    {
        int i = Array.IndexOf(_probeSize, leaf.PageSize);
        if (i < 0) throw new ArgumentException($"this IOTLB holds no {leaf.PageSize} translations", nameof(leaf));
        ulong page = iova >> _probeShift[i];
        return _probeCache[i].Insert(TranslationTag.Translation(domainId, leaf.PageSize, page), page,
            new TranslationLeaf(leaf.PagePhysicalAddress, leaf.PageSize, leaf.Permissions));
    }

    /// <summary>
    /// Removes the entries of <paramref name="domainId"/> whose page overlaps [<paramref name="start"/>,
    /// start + <paramref name="bytes"/>), including large pages that only partly overlap; returns how many.
    /// </summary>
    public int InvalidateRange(int domainId, ulong start, ulong bytes)
    {
        if (bytes == 0) return 0;
        ulong last = bytes - 1 > ulong.MaxValue - start ? ulong.MaxValue : start + bytes - 1;
        int removed = 0;
        // A short range (the usual unmap) names few pages of each size: remove them by tag instead of
        // scanning every entry.
        if ((last >> PageTableFormat.BasePageShift) - (start >> PageTableFormat.BasePageShift) < TargetedPages)
        {
            for (int i = 0; i < _probeCache.Length; i++)
            {
                int shift = _probeShift[i];
                for (ulong page = start >> shift; page <= last >> shift; page++)
                    if (_probeCache[i].Invalidate(TranslationTag.Translation(domainId, _probeSize[i], page), page)) removed++;
            }
            return removed;
        }
        foreach (var cache in _caches) removed += cache.InvalidateWhere(new PagesOverlapping((ushort)domainId, start, last));
        return removed;
    }

    /// <summary>Removes every entry of <paramref name="domainId"/>; returns how many.</summary>
    public int InvalidateDomain(int domainId)
    {
        int removed = 0;
        foreach (var cache in _caches) removed += cache.InvalidateWhere(new OfDomain((ushort)domainId));
        return removed;
    }

    /// <summary>Removes every entry; returns how many.</summary>
    public int InvalidateAll()
    {
        int removed = 0;
        foreach (var cache in _caches) removed += cache.InvalidateAll();
        return removed;
    }

    /// <summary>Zeroes the counters (e.g. after warm-up); the contents stay.</summary>
    public void ResetCounters()
    {
        Hits = 0;
        Misses = 0;
        foreach (var cache in _caches) cache.ResetCounters();
    }

    private readonly struct Probe(SetAssociativeCache<TranslationLeaf> cache, PageSize size, ulong sizeBits)
    {
        public readonly SetAssociativeCache<TranslationLeaf> Cache = cache;
        public readonly PageSize Size = size;
        public readonly int Shift = size.Shift;
        public readonly ulong OffsetMask = size.OffsetMask;
        public readonly ulong SizeBits = sizeBits;
    }

    private readonly struct OfDomain(ushort domainId) : ICacheEntryPredicate<TranslationLeaf>
    {
        public bool Matches(ulong tag, in TranslationLeaf value) => TranslationTag.DomainOf(tag) == domainId;
    }

    private readonly struct PagesOverlapping(ushort domainId, ulong start, ulong last) : ICacheEntryPredicate<TranslationLeaf>
    {
        public bool Matches(ulong tag, in TranslationLeaf value)
        {
            if (TranslationTag.DomainOf(tag) != domainId) return false;
            int shift = TranslationTag.PageSizeOf(tag).Shift;
            ulong page = TranslationTag.PageNumberOf(tag);
            return page >= start >> shift && page <= last >> shift;
        }
    }
}
