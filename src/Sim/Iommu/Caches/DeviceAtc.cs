namespace IommuSim.Iommu;

/// <summary>
/// A device's Address Translation Cache (PCIe ATS): translations the IOMMU returned to the device, used for
/// translated requests that skip the IOMMU. It belongs to one requester, so its tags carry no domain (domain
/// bits 0); it is emptied only by device-TLB invalidations or by eviction.
/// </summary>
public sealed class DeviceAtc
{
    private readonly Iotlb _entries;

    /// <summary>Creates an empty ATC for <paramref name="requesterId"/>.</summary>
    public DeviceAtc(ushort requesterId, CacheParams geometry, PageSizes sizes, ulong seed)
    {
        RequesterId = requesterId;
        _entries = new Iotlb(IotlbOrganization.Unified, geometry, null, sizes, seed);
    }

    /// <summary>The device it belongs to.</summary>
    public ushort RequesterId { get; }
    /// <summary>Lookups that hit.</summary>
    public long Hits => _entries.Hits;
    /// <summary>Lookups that missed.</summary>
    public long Misses => _entries.Misses;
    /// <summary>Valid entries held.</summary>
    public int Occupancy => _entries.Occupancy;

    /// <summary>Looks up the translation of <paramref name="iova"/>.</summary>
    public bool TryLookup(ulong iova, out TranslationLeaf leaf) => _entries.TryLookup(0, iova, out leaf);

    /// <summary>Keeps the translation of <paramref name="iova"/> the IOMMU returned.</summary>
    public void Insert(ulong iova, in TranslationLeaf leaf) => _entries.Insert(0, iova, leaf);

    /// <summary>Removes entries overlapping [<paramref name="start"/>, start + <paramref name="bytes"/>); returns how many.</summary>
    public int InvalidateRange(ulong start, ulong bytes) => _entries.InvalidateRange(0, start, bytes);

    /// <summary>Zeroes the hit and miss counters; the entries stay.</summary>
    public void ResetCounters() => _entries.ResetCounters();

    /// <summary>Removes every entry; returns how many.</summary>
    public int InvalidateAll() => _entries.InvalidateAll();
}
