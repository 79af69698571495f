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
        Source = "gem5 SMMUv3 cfg_entries = 64 (configuration cache)", Min = 1, Max = 65536)]
    public int Entries { get; init; } = 64;

    /// <summary>Ways per set.</summary>
    [Param("ways", "Ways per set; must divide entries.", Source = "gem5 SMMUv3 cfg_assoc = 4", Min = 1, Max = 65536)]
    public int Ways { get; init; } = 4;

    /// <summary>Which entry a full set evicts.</summary>
    [Param("replacement", "Victim choice in a full set: lru, fifo, random or round-robin.",
        Source = "gem5 SMMUv3 cfg_policy = rr (round-robin)")]
    public ReplacementPolicy Replacement { get; init; } = ReplacementPolicy.RoundRobin;

    /// <summary>Memory reads a context-cache miss makes before the domain is known.</summary>
    [Param("fetch_reads", "Memory reads on a context-cache miss (root entry then context entry on VT-d).",
        Source = "Intel VT-d specification, legacy-mode translation: the root table (indexed by bus) gives the context table " +
                 "(indexed by device and function), so 2 reads; AMD-Vi reads 1 device-table entry",
        Min = 0, Max = 16)]
    public int FetchReads { get; init; } = 2;

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate() => CacheShape.Problems(Entries, "entries", Ways, "ways", zeroAllowed: false);
}
