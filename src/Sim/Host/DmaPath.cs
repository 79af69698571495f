namespace IommuSim.Host;

/// <summary>How the DMA API maps for one device, decided by the host mode and the device's domain type.</summary>
public enum DmaPath
{
    /// <summary>dma-direct: the DMA address is the physical address (IOMMU off, or an identity domain); a
    /// buffer beyond the device's DMA mask is bounced through SWIOTLB.</summary>
    Direct,
    /// <summary>Every mapping is bounced through SWIOTLB (<c>swiotlb=force</c>, confidential VMs).</summary>
    Bounce,
    /// <summary>dma-iommu with synchronous IOTLB invalidation on every unmap (IOMMU_DOMAIN_DMA).</summary>
    Strict,
    /// <summary>dma-iommu with a flush queue (IOMMU_DOMAIN_DMA_FQ).</summary>
    Lazy,
}
