namespace IommuSim.Iommu;

/// <summary>The kinds of IOMMU domain Linux attaches devices to.</summary>
public enum DomainType
{
    /// <summary>All DMA is refused; no page table.</summary>
    Blocked,
    /// <summary>Passthrough (<c>iommu=pt</c>): IOVA equals physical address; no page table.</summary>
    Identity,
    /// <summary>DMA API domain, invalidating the IOTLB synchronously on every unmap (<c>iommu.strict=1</c>).</summary>
    DmaStrict,
    /// <summary>DMA API domain, deferring invalidation through a flush queue (the default).</summary>
    DmaLazy,
    /// <summary>Mappings owned by user space through VFIO or iommufd (device assignment).</summary>
    Unmanaged,
    /// <summary>A guest's stage-1 table over a host stage-2 (parent) domain.</summary>
    Nested,
}
