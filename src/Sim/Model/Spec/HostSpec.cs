namespace IommuSim.Model.Spec;

/// <summary>The Linux host's IOMMU policy.</summary>
public sealed record HostSpec
{
    /// <summary>IOMMU mode of the host's default domains.</summary>
    [Param("mode", "IOMMU mode: off, passthrough, lazy, strict or swiotlb.",
        Source = "drivers/iommu/Kconfig: IOMMU_DEFAULT_DMA_LAZY is the default choice on x86")]
    public HostMode Mode { get; init; } = HostMode.Lazy;

    /// <summary>Whether Linux turns interrupt remapping on where the IOMMU units offer it; false is <c>intremap=off</c>.</summary>
    [Param("intremap", "Whether Linux enables interrupt remapping; false is the kernel's intremap=off (MSIs stay in " +
                       "compatibility format, and devices outside every remapping unit keep MSI).",
        Source = "Linux drivers/iommu/irq_remapping.c: remapping is enabled whenever the DMAR table offers it unless the " +
                 "kernel is booted with intremap=off or nointremap (Documentation/admin-guide/kernel-parameters.txt, intremap=)")]
    public bool Intremap { get; init; } = true;
}
