using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>
/// The IOTLB: translations (IOVA page to physical page) tagged by domain and page size, and the stage-2 TLB
/// that nested walks use for guest-physical addresses. Scenario section <c>platform.iommu.iotlb</c>.
/// </summary>
public sealed record IotlbParams : IValidatableSpec
{
    // The calibration measurement of the IOTLB's reach and miss cost.
    internal const string PcieBench = "pcie-bench data (Neugebauer et al., SIGCOMM 2018; repository pcie-bench/data), NFP6000 on Xeon E5-2630v4, IOMMU on with super pages off, lat_dma_sweep_rd_rnd_64";

    /// <summary>Unified (one cache for all page sizes) or split (one per page size).</summary>
    [Param("organization", "unified: one cache for every page size; split: one cache per page size.",
        Source = "convention: one cache for every page size, as gem5's SMMUv3 TLBs; Intel does not publish how its IOTLB holds large pages")]
    public IotlbOrganization Organization { get; init; } = IotlbOrganization.Unified;

    /// <summary>Entries of the IOTLB, or of its 4 KiB cache when split.</summary>
    [Param("entries", "IOTLB entries; when split, the entries of the 4 KiB cache.",
        Source = "fit to " + PcieBench + ": mean latency = 610 ns + (1 - N/W) x P over windows of W = 128 to 16,384 pages " +
                 "gives N = 116.2 entries, P = 291.8 ns (least squares, rms 1 ns); 64 or 128 entries miss the data by 39 and 10 ns rms",
        Min = 1, Max = 1048576)]
    public int Entries { get; init; } = 116;

    /// <summary>Ways per set of the IOTLB (or of its 4 KiB cache).</summary>
    [Param("ways", "Ways per set; must divide entries (equal to entries: fully associative).",
        Source = "convention: the calibration data (uniform reads over contiguous windows, sets indexed by page number) cannot tell " +
                 "associativity apart; 4 ways (29 sets) keep lookups short", Min = 1, Max = 1048576)]
    public int Ways { get; init; } = 4;

    /// <summary>Which entry a full set evicts.</summary>
    [Param("replacement", "Victim choice in a full set: lru, fifo, random or round-robin.",
        Source = "convention: round-robin, as gem5's SMMUv3 TLBs; uniform access cannot tell policies apart")]
    public ReplacementPolicy Replacement { get; init; } = ReplacementPolicy.RoundRobin;

    /// <summary>When split: entries of the 2 MiB cache and of the 1 GiB cache (each).</summary>
    [Param("large_page_entries", "When split: entries of the 2 MiB cache and of the 1 GiB cache, each.",
        Source = "convention: used only with organization split; a small fully associative cache (the size of gem5's per-device " +
                 "micro-TLB, 32); no vendor publishes large-page IOTLB sizes", Min = 1, Max = 1048576)]
    public int LargePageEntries { get; init; } = 32;

    /// <summary>When split: ways per set of each large-page cache.</summary>
    [Param("large_page_ways", "When split: ways per set of each large-page cache.",
        Source = "convention: fully associative, as large_page_entries", Min = 1, Max = 1048576)]
    public int LargePageWays { get; init; } = 32;

    /// <summary>Entries of the stage-2 TLB (guest-physical to host-physical) used by nested walks; 0 for none.</summary>
    [Param("stage2_entries", "Entries of the stage-2 TLB that nested walks use for guest-physical addresses; 0 for none.",
        Source = "convention: the size of gem5's SMMUv3 IPA cache (off by default there); no vendor publishes a stage-2 TLB size; " +
                 "used only by nested domains", Min = 0, Max = 1048576)]
    public int Stage2Entries { get; init; } = 128;

    /// <summary>Ways per set of the stage-2 TLB.</summary>
    [Param("stage2_ways", "Ways per set of the stage-2 TLB.",
        Source = "convention: as ways", Min = 1, Max = 1048576)]
    public int Stage2Ways { get; init; } = 4;

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate() =>
        CacheShape.Problems(Entries, "entries", Ways, "ways", zeroAllowed: false)
            .Concat(CacheShape.Problems(LargePageEntries, "large_page_entries", LargePageWays, "large_page_ways", zeroAllowed: false))
            .Concat(CacheShape.Problems(Stage2Entries, "stage2_entries", Stage2Ways, "stage2_ways", zeroAllowed: true));
}
