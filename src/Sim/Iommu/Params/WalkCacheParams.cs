using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>
/// The paging-structure (walk) caches: per level, entries that point to the next-level table, so a walk can
/// start below the top. Stage 1 is a domain's own table (or a nested domain's guest table); stage 2 is the
/// host table under a nested domain. 0 entries disables a level. Scenario section
/// <c>platform.iommu.walk_caches</c>.
/// </summary>
/// <remarks>Level numbering: level 1 holds 4 KiB leaves, level 4 is the top of a 4-level table. A level-2 entry
/// (a PDE) points to a level-1 table, so a level-2 hit leaves one read. Arm numbers the same tables L3..L0.</remarks>
public sealed record WalkCacheParams : IValidatableSpec
{
    /// <summary>Stage-1 level-5 entries (top of a 5-level table).</summary>
    [Param("level5_entries", "Stage-1 cache of level-5 entries (top of a 5-level table); 0 for none.",
        Source = "none: gem5's SMMUv3 models 4-level tables and has no fifth-level walk cache", Min = 0, Max = 1048576)]
    public int Level5Entries { get; init; }

    /// <summary>Stage-1 level-4 entries.</summary>
    [Param("level4_entries", "Stage-1 cache of level-4 entries (each points to a level-3 table); 0 for none.",
        Source = "gem5 SMMUv3 walk_S1L0 = 4", Min = 0, Max = 1048576)]
    public int Level4Entries { get; init; } = 4;

    /// <summary>Stage-1 level-3 entries.</summary>
    [Param("level3_entries", "Stage-1 cache of level-3 entries (each points to a level-2 table); 0 for none.",
        Source = "gem5 SMMUv3 walk_S1L1 = 28", Min = 0, Max = 1048576)]
    public int Level3Entries { get; init; } = 28;

    /// <summary>Stage-1 level-2 entries.</summary>
    [Param("level2_entries", "Stage-1 cache of level-2 entries (each points to a level-1 table); 0 for none.",
        Source = "gem5 SMMUv3 walk_S1L2 = 348", Min = 0, Max = 1048576)]
    public int Level2Entries { get; init; } = 348;

    /// <summary>Stage-2 level-5 entries.</summary>
    [Param("stage2_level5_entries", "Stage-2 cache of level-5 entries; 0 for none.",
        Source = "none: gem5's SMMUv3 models 4-level tables and has no fifth-level walk cache", Min = 0, Max = 1048576)]
    public int Stage2Level5Entries { get; init; }

    /// <summary>Stage-2 level-4 entries.</summary>
    [Param("stage2_level4_entries", "Stage-2 cache of level-4 entries; 0 for none.",
        Source = "gem5 SMMUv3 walk_S2L0 = 4", Min = 0, Max = 1048576)]
    public int Stage2Level4Entries { get; init; } = 4;

    /// <summary>Stage-2 level-3 entries.</summary>
    [Param("stage2_level3_entries", "Stage-2 cache of level-3 entries; 0 for none.",
        Source = "gem5 SMMUv3 walk_S2L1 = 28", Min = 0, Max = 1048576)]
    public int Stage2Level3Entries { get; init; } = 28;

    /// <summary>Stage-2 level-2 entries.</summary>
    [Param("stage2_level2_entries", "Stage-2 cache of level-2 entries; 0 for none.",
        Source = "gem5 SMMUv3 walk_S2L2 = 92", Min = 0, Max = 1048576)]
    public int Stage2Level2Entries { get; init; } = 92;

    /// <summary>Ways per set of every walk cache (a smaller cache is fully associative).</summary>
    [Param("ways", "Ways per set of every walk cache; a cache with fewer entries is fully associative.",
        Source = "gem5 SMMUv3 walk_assoc = 4", Min = 1, Max = 1048576)]
    public int Ways { get; init; } = 4;

    /// <summary>Which entry a full set evicts.</summary>
    [Param("replacement", "Victim choice in a full set: lru, fifo, random or round-robin.",
        Source = "gem5 SMMUv3 walk_policy = rr (round-robin)")]
    public ReplacementPolicy Replacement { get; init; } = ReplacementPolicy.RoundRobin;

    /// <summary>The entries of the stage-1 cache for <paramref name="level"/> (2 to 5).</summary>
    public int Stage1Entries(int level) => level switch
    {
        2 => Level2Entries, 3 => Level3Entries, 4 => Level4Entries, 5 => Level5Entries,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "walk caches exist for levels 2 to 5"),
    };

    /// <summary>The entries of the stage-2 cache for <paramref name="level"/> (2 to 5).</summary>
    public int Stage2Entries(int level) => level switch
    {
        2 => Stage2Level2Entries, 3 => Stage2Level3Entries, 4 => Stage2Level4Entries, 5 => Stage2Level5Entries,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "walk caches exist for levels 2 to 5"),
    };

    /// <summary>A copy with every cache, both stages, set to 0 entries (walks read every level).</summary>
    public static WalkCacheParams None => new()
    {
        Level4Entries = 0, Level3Entries = 0, Level2Entries = 0,
        Stage2Level4Entries = 0, Stage2Level3Entries = 0, Stage2Level2Entries = 0,
    };

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        for (int level = 5; level >= 2; level--)
        {
            foreach (var p in CacheShape.Problems(Stage1Entries(level), $"level{level}_entries", Ways, "ways", zeroAllowed: true))
                yield return p;
            foreach (var p in CacheShape.Problems(Stage2Entries(level), $"stage2_level{level}_entries", Ways, "ways", zeroAllowed: true))
                yield return p;
        }
    }
}
