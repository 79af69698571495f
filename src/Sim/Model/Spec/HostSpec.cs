namespace IommuSim.Model.Spec;

/// <summary>The Linux host's IOMMU policy.</summary>
public sealed record HostSpec
{
    /// <summary>IOMMU mode of the host's default domains.</summary>
    [Param("mode", "IOMMU mode: off, passthrough, lazy, strict or swiotlb.",
        Source = "drivers/iommu/Kconfig: IOMMU_DEFAULT_DMA_LAZY is the default choice on x86")]
    public HostMode Mode { get; init; } = HostMode.Lazy;
}
