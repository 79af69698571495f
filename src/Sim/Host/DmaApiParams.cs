using IommuSim.Parameters;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Host;

/// <summary>Parameters of the Linux DMA API model (the IOMMU mode itself is <see cref="HostMode"/>, set by the scenario's host.mode).</summary>
public sealed record DmaApiParams : IValidatableSpec
{
    /// <summary>iommu.forcedac: PCI devices with 64-bit masks skip the first try below 4 GiB.</summary>
    [Param("force_dac", "iommu.forcedac: give 64-bit PCI devices IOVAs above 4 GiB at once instead of trying below 4 GiB first.",
        Source = "drivers/iommu/dma-iommu.c: iommu_dma_forcedac defaults to false")]
    public bool ForceDac { get; init; }

    /// <summary>Flush queue layout of lazy domains.</summary>
    [Param("flush_queue", "Flush queues of lazy domains: per_cpu (256 entries, 10 ms) or single (32768 entries, 1000 ms).",
        Source = "drivers/iommu/dma-iommu.c iommu_dma_init_options: per-CPU unless the IOMMU shadows page tables on flush")]
    public FlushQueueKind FlushQueue { get; init; } = FlushQueueKind.PerCpu;

    /// <summary>Whether strict unmaps that free no page-table page flush leaf-only (VT-d invalidation hint IH = 1).</summary>
    [Param("leaf_only_flush", "Strict unmaps that free no page-table page ask for a leaf-only IOTLB flush (VT-d IH = 1), " +
                              "so the IOMMU may keep its walk caches; false is kernels that sent IH = 0 on every flush.",
        Source = "Linux drivers/iommu/intel/iommu.c intel_iommu_tlb_sync: the hint is set when gather->freelist is empty; on the " +
                 "queued-invalidation path it reaches the hardware since commit 6b38a108eeb3 (2025; qi_flush_iotlb dropped it before)")]
    public bool LeafOnlyFlush { get; init; } = true;

    /// <summary>Size of the SWIOTLB bounce-buffer pool.</summary>
    [Param("swiotlb_size", "Size of the SWIOTLB bounce-buffer pool (a multiple of 2 KiB).",
        Source = "kernel/dma/swiotlb.c / include/linux/swiotlb.h: IO_TLB_DEFAULT_SIZE = 64 MiB",
        Min = 2048, Max = Bounds.SwiotlbBytes)]
    public ByteSize SwiotlbSize { get; init; } = SwiotlbPool.DefaultSize;

    /// <summary>CPU cost of the DMA API operations.</summary>
    [Param("costs", "CPU cost of DMA API operations.")]
    public DmaCostParams Costs { get; init; } = new();

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (SwiotlbSize.Bytes % SwiotlbPool.SlotSize != 0)
            yield return new SpecProblem("swiotlb_size", $"swiotlb_size ({SwiotlbSize}) must be a multiple of the 2KiB slot size");
    }
}
