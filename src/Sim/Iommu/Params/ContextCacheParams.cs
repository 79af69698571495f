using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>
/// The context cache (VT-d context-cache, AMD device-table cache, SMMU configuration cache): requester ID to
/// domain. A miss reads the in-memory entries that lead to the domain. Scenario section
/// <c>platform.iommu.context_cache</c>.
/// </summary>
public sealed record ContextCacheParams : IValidatableSpec
{
    /// <summary>Entries.</summary>
    [Param("entries", "Context-cache entries (one per requester ID).",
        Source = "convention: the size of gem5's SMMUv3 configuration cache; Intel publishes no context-cache size, and 64 holds " +
                 "every requester of the scenarios shipped", Min = 1, Max = 65536)]
    public int Entries { get; init; } = 64;

    /// <summary>Ways per set.</summary>
    [Param("ways", "Ways per set; must divide entries.", Source = "convention: 4 ways, as gem5's SMMUv3 configuration cache", Min = 1, Max = 65536)]
    public int Ways { get; init; } = 4;

    /// <summary>Which entry a full set evicts.</summary>
    [Param("replacement", "Victim choice in a full set: lru, fifo, random or round-robin.",
        Source = "convention: round-robin, as gem5's SMMUv3 configuration cache")]
    public ReplacementPolicy Replacement { get; init; } = ReplacementPolicy.RoundRobin;

    /// <summary>Memory reads a context-cache miss makes before the domain is known.</summary>
    [Param("fetch_reads", "Memory reads on a context-cache miss: 2 in VT-d legacy mode (root, context entry), 4 in scalable mode " +
                          "(root, scalable-mode context, PASID directory, PASID table entry), 1 on AMD-Vi (device-table entry).",
        Source = "Intel VT-d specification rev. 5, §3.4.2 (legacy mode: root then context entry, 2 reads); scalable mode (§3.4.3) " +
                 "reads 4, and Linux uses it by default since v5.15 where the hardware has it; 2 matches the calibration machine " +
                 "(Xeon E5-2630v4, no scalable mode)",
        Min = 0, Max = 16)]
    public int FetchReads { get; init; } = 2;

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate() => CacheShape.Problems(Entries, "entries", Ways, "ways", zeroAllowed: false);
}
