using IommuSim.Host;
using IommuSim.Parameters;
using IommuSim.Platform;

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

    /// <summary>CPUs that run the drivers' DMA API calls; device i's calls run on CPU i mod cpus.</summary>
    [Param("cpus", "CPUs running the drivers' DMA API calls (device i uses CPU i mod cpus); cpu_util is their mean.",
        Source = "convention: one CPU, the single queue of a single device, whose interrupt and refill run on one CPU (Linux NAPI, one IRQ per queue)",
        Min = 1, Max = 4096)]
    public int Cpus { get; init; } = 1;

    /// <summary>The DMA API: flush queues, SWIOTLB pool, CPU costs.</summary>
    [Param("dma", "The Linux DMA API: flush queues, SWIOTLB pool and CPU costs.")]
    public DmaApiParams Dma { get; init; } = new();
}
