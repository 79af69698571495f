namespace IommuSim.Host;

/// <summary>Which flush queue layout a lazy (DMA-FQ) domain uses (drivers/iommu/dma-iommu.c).</summary>
public enum FlushQueueKind
{
    /// <summary>One queue of 256 entries per CPU, flushed when full or 10 ms after the first queued entry.</summary>
    PerCpu,
    /// <summary>
    /// One queue of 32768 entries for all CPUs, flushed when full or after 1000 ms; Linux picks it when the
    /// IOMMU shadows page tables on every flush (shadow_on_flush: s390 paged guests). A guest whose virtual
    /// VT-d has caching mode on gets no flush queue at all: Linux forces strict mode there
    /// (intel_iommu_init: iommu_set_dma_strict, "IOMMU batching disallowed due to virtualization").
    /// </summary>
    Single,
}
