using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Host;

/// <summary>
/// CPU cost of the host's DMA work, in cycles of a CPU of <see cref="CpuFrequencyGhz"/>: DMA API calls, the
/// synchronous invalidations they spin on, bounce copies and device interrupts. Scenario section
/// <c>host.dma.costs</c>.
/// </summary>
/// <remarks>
/// The map and unmap breakdown comes from one measurement of Linux 3.x in strict mode (rIOMMU, ASPLOS'15,
/// Table 1), taken before Linux 4.7 added the per-CPU IOVA cache; cycle counts are converted at this model's
/// clock, which is a convention (the measuring machine's clock differs).
/// </remarks>
public sealed record DmaCostParams
{
    private const string Breakdown =
        "Malka, Amit, Ben-Yehuda, Tsafrir, rIOMMU (ASPLOS'15), Table 1: cycle breakdown of Linux 3.x map and unmap in strict mode";

    /// <summary>Clock of the CPUs running the DMA API.</summary>
    [Param("cpu_frequency_ghz", "Clock of the CPUs that run the DMA API, in GHz; cycle costs are converted at it.",
        Source = "convention: Intel Xeon Gold 6130 (Skylake-SP) base frequency 2.1 GHz (Intel ARK), a common two-socket server part",
        Min = 0.1, Max = 10)]
    public double CpuFrequencyGhz { get; init; } = 2.1;

    /// <summary>Cycles of one dma_map_single / dma_map_sg call, besides a tree search for its IOVA.</summary>
    [Param("map_cycles", "CPU cycles of one IOMMU map call besides searching the IOVA tree: the page-table update and the rest of the call.",
        Source = Breakdown + ", map: page table 588 + other 44 cycles; an IOVA from the per-CPU cache is counted as free (convention: no measurement separates it)",
        Min = 0, Max = Bounds.OperationCycles)]
    public long MapCycles { get; init; } = 632;

    /// <summary>Extra cycles when the IOVA must be found in the tree (the per-CPU cache missed).</summary>
    [Param("iova_tree_cycles", "Extra CPU cycles of an IOVA allocation that searches the range tree (the per-CPU cache had none).",
        Source = Breakdown + ", map: iova alloc 3,986 cycles, Linux 3.x's red-black-tree allocator (no per-CPU cache then), charged here to every tree search",
        Min = 0, Max = Bounds.OperationCycles)]
    public long IovaTreeCycles { get; init; } = 3986;

    /// <summary>Cycles of one dma_unmap call, not counting the synchronous invalidation.</summary>
    [Param("unmap_cycles", "CPU cycles of one IOMMU unmap call, without the IOTLB invalidation it may wait for.",
        Source = Breakdown + ", unmap: iova find 249 + iova free 159 + page table 438 + other 26 cycles",
        Min = 0, Max = Bounds.OperationCycles)]
    public long UnmapCycles { get; init; } = 872;

    /// <summary>Extra cycles per scatter/gather element after the first.</summary>
    [Param("sg_segment_cycles", "Extra CPU cycles per scatter/gather element after the first (its page-table update).",
        Source = "derived: the page-table part of one map, 588 cycles (" + Breakdown + ")",
        Min = 0, Max = Bounds.OperationCycles)]
    public long SgSegmentCycles { get; init; } = 588;

    /// <summary>Cycles a synchronous invalidation costs the CPU besides the hardware's descriptor time.</summary>
    [Param("flush_cycles", "CPU cycles of a synchronous IOTLB invalidation besides the descriptors' processing in the IOMMU " +
                           "(qi_submit_sync's lock, descriptor writes, doorbell and fault-status polling); the CPU spins throughout.",
        Source = Breakdown + ", unmap: iotlb inv 2,127 cycles for the whole synchronous invalidation; less the hardware's " +
                 "IOTLB and wait descriptors (platform.iommu.invalidation, 270 ns = 567 cycles at 2.1 GHz) leaves 1,560 " +
                 "(convention: the measurement gives only the sum)",
        Min = 0, Max = Bounds.OperationCycles)]
    public long FlushCycles { get; init; } = 1560;

    /// <summary>Cycles of taking one device interrupt.</summary>
    [Param("interrupt_cycles", "CPU cycles of one device interrupt: entry, the driver's handler (scheduling NAPI or completing a request), EOI and exit.",
        Source = "convention: the order of an x86 interrupt entry and exit, irq_enter/irq_exit, a short handler and an x2APIC EOI; " +
                 "no primary measurement isolates it; 0 makes interrupts free",
        Min = 0, Max = Bounds.OperationCycles)]
    public long InterruptCycles { get; init; } = 1000;

    /// <summary>Bytes one CPU copies per cycle when bouncing through SWIOTLB.</summary>
    [Param("memcpy_bytes_per_cycle", "Bytes copied per CPU cycle by a bounce-buffer memcpy.",
        Source = "convention: a DRAM-bound copy, glibc memcpy of 1 GiB on a Skylake i7-6700HQ at 13 GB/s copied, about 4 bytes/cycle " +
                 "(Stack Overflow q. 43343231, 2017); copies that stay in cache go faster",
        Min = 0.01, Max = 1024)]
    public double MemcpyBytesPerCycle { get; init; } = 4;

    /// <summary>The time <paramref name="cycles"/> cycles take, rounded to the picosecond.</summary>
    public SimTime CyclesToTime(double cycles) => SimTime.FromNanoseconds(cycles / CpuFrequencyGhz);

    /// <summary>The time a memcpy of <paramref name="bytes"/> bytes takes.</summary>
    public SimTime MemcpyTime(ulong bytes) => CyclesToTime(bytes / MemcpyBytesPerCycle);

    /// <summary>The CPU time of one interrupt handler.</summary>
    public SimTime InterruptTime => CyclesToTime(InterruptCycles);
}
