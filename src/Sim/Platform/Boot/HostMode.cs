namespace IommuSim.Platform;

/// <summary>The Linux host's IOMMU mode (kernel command line and Kconfig).</summary>
public enum HostMode
{
    /// <summary>No IOMMU (<c>intel_iommu=off</c>): DMA addresses are physical, no translation.</summary>
    Off,
    /// <summary>Identity domains (<c>iommu=pt</c>): the IOMMU is on but passes DMA through untranslated.</summary>
    Passthrough,
    /// <summary>DMA domains with deferred IOTLB invalidation through flush queues (x86 default).</summary>
    Lazy,
    /// <summary>DMA domains invalidating synchronously on every unmap (<c>iommu.strict=1</c>).</summary>
    Strict,
    /// <summary>No IOMMU; every streaming mapping is bounced through SWIOTLB (<c>swiotlb=force</c>, SEV/TDX guests).</summary>
    Swiotlb,
}
