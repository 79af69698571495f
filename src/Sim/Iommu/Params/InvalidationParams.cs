using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>
/// Time the unit takes to process each kind of queued-invalidation descriptor (processed one at a time, in
/// order). Scenario section <c>platform.iommu.invalidation</c>.
/// </summary>
public sealed record InvalidationParams : IValidatableSpec
{
    // One descriptor fetch: a 128-bit read from the in-memory invalidation queue, priced like the other IOMMU
    // memory reads at the platform's DRAM latency (platform.memory.dram_latency, 90 ns).
    private const string FetchSource =
        "convention: one descriptor fetch from the in-memory queue (Intel VT-d queued invalidation) at platform.memory's DRAM " +
        "latency of 90 ns; no measurement isolates the hardware's share of a synchronous invalidation";

    /// <summary>A context-cache invalidation descriptor.</summary>
    [Param("context_latency", "Time to process a context-cache invalidation descriptor.", Source = FetchSource, Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime ContextLatency { get; init; } = SimTime.FromNanoseconds(90);

    /// <summary>An IOTLB invalidation descriptor (global, domain or page-selective).</summary>
    [Param("iotlb_latency", "Time to process an IOTLB invalidation descriptor (global, domain or page-selective).",
        Source = FetchSource, Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime IotlbLatency { get; init; } = SimTime.FromNanoseconds(90);

    /// <summary>A device-TLB (ATS) invalidation descriptor: a PCIe request to the device and its completion.</summary>
    [Param("device_tlb_latency", "Time to process a device-TLB (ATS) invalidation: descriptor fetch plus a PCIe round trip to the device.",
        Source = "convention: descriptor fetch (90 ns) + one PCIe round trip, priced as a device's 64 B DMA read: pcie-bench data " +
                 "(Neugebauer et al., SIGCOMM 2018), NFP6000 on Xeon E5-2630v4, median 600 ns (lat_dma_sweep_rd_rnd_64, IOMMU off); " +
                 "no published figure for an ATS invalidation round trip",
        Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime DeviceTlbLatency { get; init; } = SimTime.FromNanoseconds(690);

    /// <summary>An interrupt-entry-cache invalidation descriptor.</summary>
    [Param("interrupt_entry_cache_latency", "Time to process an interrupt-entry-cache invalidation descriptor.",
        Source = FetchSource, Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime InterruptEntryCacheLatency { get; init; } = SimTime.FromNanoseconds(90);

    /// <summary>A wait descriptor: fetch, then the status write that software polls.</summary>
    [Param("wait_latency", "Time to process a wait descriptor: its fetch and the status write software polls for.",
        Source = "convention: descriptor fetch plus status-data write (VT-d invalidation wait descriptor), 2 x 90 ns DRAM accesses",
        Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime WaitLatency { get; init; } = SimTime.FromNanoseconds(180);

    /// <summary>Whether a leaf-only page-selective invalidation (IH = 1) keeps the paging-structure caches.</summary>
    [Param("leaf_hint_keeps_walk_caches", "Whether a page-selective IOTLB invalidation with the leaf-only hint (IH = 1) leaves the " +
                                          "walk caches alone; false is hardware that drops them anyway.",
        Source = "Intel VT-d specification rev. 5, §6.5.1.2: with IH set, second-stage paging-structure-cache entries are preserved " +
                 "(hardware may still invalidate more than asked)")]
    public bool LeafHintKeepsWalkCaches { get; init; } = true;

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        (string Key, SimTime Value)[] all =
        [
            ("context_latency", ContextLatency), ("iotlb_latency", IotlbLatency), ("device_tlb_latency", DeviceTlbLatency),
            ("interrupt_entry_cache_latency", InterruptEntryCacheLatency), ("wait_latency", WaitLatency),
        ];
        foreach (var (key, value) in all)
            if (value.Picoseconds < 0) yield return new SpecProblem(key, $"{key} cannot be negative");
    }
}
