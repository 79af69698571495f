using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Host;

/// <summary>
/// CPU cost of the DMA API, in cycles of a CPU of <see cref="CpuFrequencyGhz"/>. The costs are what the
/// calling CPU spends; waiting for an IOTLB invalidation is added on top, for as long as it takes.
/// </summary>
public sealed record DmaCostParams
{
    /// <summary>Clock of the CPUs running the DMA API.</summary>
    [Param("cpu_frequency_ghz", "Clock of the CPUs that run the DMA API, in GHz.",
        Source = "Intel Xeon Gold 6130 (Skylake-SP) base frequency 2.1 GHz (Intel ARK)", Min = 0.1, Max = 10)]
    public double CpuFrequencyGhz { get; init; } = 2.1;

    /// <summary>Cycles of one dma_map_single / dma_map_sg call when the IOVA comes from a magazine.</summary>
    [Param("map_cycles", "CPU cycles of one IOMMU map call, page-table update included, IOVA from the per-CPU cache.",
        Source = "Malka, Amit, Tsafrir, FAST'15 (Efficient intra-OS protection against harmful DMAs), Table 1, Linux strict map of one page: page table 588 + other 44 cycles",
        Min = 0)]
    public long MapCycles { get; init; } = 632;

    /// <summary>Extra cycles when the IOVA must be found in the tree (the magazines missed).</summary>
    [Param("iova_tree_cycles", "Extra CPU cycles of an IOVA allocation that searches the range tree.",
        Source = "Malka, Amit, Tsafrir, FAST'15, Table 1: IOVA allocation in the rbtree allocator 3,986 cycles",
        Min = 0)]
    public long IovaTreeCycles { get; init; } = 3986;

    /// <summary>Cycles of one dma_unmap call, not counting the wait for an IOTLB invalidation.</summary>
    [Param("unmap_cycles", "CPU cycles of one IOMMU unmap call, without waiting for IOTLB invalidation.",
        Source = "Malka, Amit, Tsafrir, FAST'15, Table 1, Linux strict unmap of one page: iova find 249 + iova free 159 + page table 438 + other 26 cycles",
        Min = 0)]
    public long UnmapCycles { get; init; } = 872;

    /// <summary>Extra cycles per scatter/gather element after the first.</summary>
    [Param("sg_segment_cycles", "Extra CPU cycles per scatter/gather element after the first (its page-table update).",
        Source = "Malka, Amit, Tsafrir, FAST'15, Table 1: page-table update of one page 588 cycles",
        Min = 0)]
    public long SgSegmentCycles { get; init; } = 588;

    /// <summary>Cycles to issue one IOTLB invalidation, before waiting for it.</summary>
    [Param("flush_cycles", "CPU cycles to issue one IOTLB invalidation, before spinning on its completion.",
        Source = "0: FAST'15 Table 1 measures the synchronous invalidation (2,127 cycles) as one cost, all of which is the invalidation latency the CPU spins on here",
        Min = 0)]
    public long FlushCycles { get; init; }

    /// <summary>Bytes one CPU copies per cycle when bouncing through SWIOTLB.</summary>
    [Param("memcpy_bytes_per_cycle", "Bytes copied per CPU cycle by a bounce-buffer memcpy.",
        Source = "glibc memcpy of 1 GiB on a Skylake i7-6700HQ: 26 GB/s read+write = 13 GB/s copied at about 3.1 GHz, about 4 bytes/cycle (Stack Overflow q. 43343231, 2017)",
        Min = 0.01, Max = 1024)]
    public double MemcpyBytesPerCycle { get; init; } = 4;

    /// <summary>The time <paramref name="cycles"/> cycles take, rounded to the picosecond.</summary>
    public SimTime CyclesToTime(double cycles) => SimTime.FromNanoseconds(cycles / CpuFrequencyGhz);

    /// <summary>The time a memcpy of <paramref name="bytes"/> bytes takes.</summary>
    public SimTime MemcpyTime(ulong bytes) => CyclesToTime(bytes / MemcpyBytesPerCycle);
}
