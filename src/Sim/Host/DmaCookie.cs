using IommuSim.Iommu;

namespace IommuSim.Host;

/// <summary>
/// The DMA layer's state for one translated domain (Linux's iommu_dma_cookie): its IOVA allocator and, in
/// lazy mode, its flush queue. Devices in one group share their domain and so their cookie.
/// </summary>
internal sealed class DmaCookie
{
    public DmaCookie(DmaApi owner, Domain domain, IovaAllocator allocator, FlushQueue? flushQueue)
    {
        Owner = owner;
        Domain = domain;
        Allocator = allocator;
        FlushQueue = flushQueue;
        // The domain's input address width bounds every IOVA (geometry.aperture_end).
        ApertureEnd = domain.AddressWidthBits >= 64 ? ulong.MaxValue : (1UL << domain.AddressWidthBits) - 1;
    }

    public DmaApi Owner { get; }
    public Domain Domain { get; }
    public IovaAllocator Allocator { get; }
    public FlushQueue? FlushQueue { get; }
    public ulong ApertureEnd { get; }

    // iommu_map and iommu_unmap calls on the domain (each one map or unmap trace event), since the last reset.
    public long IommuMaps { get; set; }
    public long IommuUnmaps { get; set; }
}
