using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>
/// The IOTLB: translations (IOVA page to physical page) tagged by domain and page size, and the stage-2 TLB
/// that nested walks use for guest-physical addresses. Scenario section <c>platform.iommu.iotlb</c>.
/// </summary>
public sealed record IotlbParams : IValidatableSpec
{
    /// <summary>Unified (one cache for all page sizes) or split (one per page size).</summary>
    [Param("organization", "unified: one cache for every page size; split: one cache per page size.",
        Source = "gem5 SMMUv3 model (src/dev/arm/SMMUv3.py): a single main TLB holds every page size")]
    public IotlbOrganization Organization { get; init; } = IotlbOrganization.Unified;

    /// <summary>Entries of the IOTLB, or of its 4 KiB cache when split.</summary>
    [Param("entries", "IOTLB entries; when split, the entries of the 4 KiB cache.",
        Source = "pcie-bench data (Neugebauer et al., SIGCOMM 2018), NFP6000 on Xeon E5-2630v4, IOMMU on, super pages off, " +
                 "lat_dma_sweep_rd_rnd_64: 64 B DMA read median 600 ns up to a 256 KiB window (64 pages of 4 KiB), 880 ns from 1 MiB on",
        Min = 1, Max = 1048576)]
    public int Entries { get; init; } = 64;

    /// <summary>Ways per set of the IOTLB (or of its 4 KiB cache).</summary>
    [Param("ways", "Ways per set; must divide entries (equal to entries: fully associative).",
        Source = "gem5 SMMUv3 tlb_assoc = 4 (for scale)", Min = 1, Max = 1048576)]
    public int Ways { get; init; } = 4;

    /// <summary>Which entry a full set evicts.</summary>
    [Param("replacement", "Victim choice in a full set: lru, fifo, random or round-robin.",
        Source = "gem5 SMMUv3 tlb_policy = rr (round-robin)")]
    public ReplacementPolicy Replacement { get; init; } = ReplacementPolicy.RoundRobin;

    /// <summary>When split: entries of the 2 MiB cache and of the 1 GiB cache (each).</summary>
    [Param("large_page_entries", "When split: entries of the 2 MiB cache and of the 1 GiB cache, each.",
        Source = "gem5 SMMUv3DeviceInterface micro-TLB: utlb_entries = 32 (for scale)", Min = 1, Max = 1048576)]
    public int LargePageEntries { get; init; } = 32;

    /// <summary>When split: ways per set of each large-page cache.</summary>
    [Param("large_page_ways", "When split: ways per set of each large-page cache.",
        Source = "gem5 SMMUv3DeviceInterface micro-TLB: utlb_assoc = 0, fully associative (for scale)", Min = 1, Max = 1048576)]
    public int LargePageWays { get; init; } = 32;

    /// <summary>Entries of the stage-2 TLB (guest-physical to host-physical) used by nested walks; 0 for none.</summary>
    [Param("stage2_entries", "Entries of the stage-2 TLB that nested walks use for guest-physical addresses; 0 for none.",
        Source = "gem5 SMMUv3 ipa_entries = 128 (IPA cache)", Min = 0, Max = 1048576)]
    public int Stage2Entries { get; init; } = 128;

    /// <summary>Ways per set of the stage-2 TLB.</summary>
    [Param("stage2_ways", "Ways per set of the stage-2 TLB.",
        Source = "gem5 SMMUv3 ipa_assoc = 4", Min = 1, Max = 1048576)]
    public int Stage2Ways { get; init; } = 4;

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate() =>
        CacheShape.Problems(Entries, "entries", Ways, "ways", zeroAllowed: false)
            .Concat(CacheShape.Problems(LargePageEntries, "large_page_entries", LargePageWays, "large_page_ways", zeroAllowed: false))
            .Concat(CacheShape.Problems(Stage2Entries, "stage2_entries", Stage2Ways, "stage2_ways", zeroAllowed: true));
}
