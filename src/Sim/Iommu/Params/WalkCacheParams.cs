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
        Source = "convention: none, as level3_entries; 5-level tables are optional (VT-d SAGAW) and unmeasured", Min = 0, Max = 1048576)]
    public int Level5Entries { get; init; }

    /// <summary>Stage-1 level-4 entries.</summary>
    [Param("level4_entries", "Stage-1 cache of level-4 entries (each points to a level-3 table); 0 for none.",
        Source = "convention: 4 entries, each covering 512 GiB, as gem5's SMMUv3 walk_S1L0; with level3 and level2 off this gives " +
                 "the 3-read walk of the calibration fit (see level3_entries)", Min = 0, Max = 1048576)]
    public int Level4Entries { get; init; } = 4;

    /// <summary>Stage-1 level-3 entries.</summary>
    [Param("level3_entries", "Stage-1 cache of level-3 entries (each points to a level-2 table); 0 for none.",
        Source = "fit to " + IotlbParams.PcieBench + ": an IOTLB miss costs 280 ns (median) to 292 ns (mean), the same from 1 to 64 MiB " + "windows; at 90 ns a read that is 3 reads: a 4-level walk with only its top level cached (on that machine's 95 ns DRAM, 285 ns)", Min = 0, Max = 1048576)]
    public int Level3Entries { get; init; }

    /// <summary>Stage-1 level-2 entries.</summary>
    [Param("level2_entries", "Stage-1 cache of level-2 entries (each points to a level-1 table); 0 for none.",
        Source = "as level3_entries: off, so a miss reads levels 3, 2 and 1", Min = 0, Max = 1048576)]
    public int Level2Entries { get; init; }

    /// <summary>Stage-2 level-5 entries.</summary>
    [Param("stage2_level5_entries", "Stage-2 cache of level-5 entries; 0 for none.",
        Source = "convention: as level5_entries", Min = 0, Max = 1048576)]
    public int Stage2Level5Entries { get; init; }

    /// <summary>Stage-2 level-4 entries.</summary>
    [Param("stage2_level4_entries", "Stage-2 cache of level-4 entries; 0 for none.",
        Source = "convention: as level4_entries (no measurement of nested walks)", Min = 0, Max = 1048576)]
    public int Stage2Level4Entries { get; init; } = 4;

    /// <summary>Stage-2 level-3 entries.</summary>
    [Param("stage2_level3_entries", "Stage-2 cache of level-3 entries; 0 for none.",
        Source = "convention: as level3_entries", Min = 0, Max = 1048576)]
    public int Stage2Level3Entries { get; init; }

    /// <summary>Stage-2 level-2 entries.</summary>
    [Param("stage2_level2_entries", "Stage-2 cache of level-2 entries; 0 for none.",
        Source = "convention: as level2_entries", Min = 0, Max = 1048576)]
    public int Stage2Level2Entries { get; init; }

    /// <summary>Ways per set of every walk cache (a smaller cache is fully associative).</summary>
    [Param("ways", "Ways per set of every walk cache; a cache with fewer entries is fully associative.",
        Source = "convention: 4 ways, as gem5's SMMUv3 walk caches; Intel publishes no paging-structure-cache geometry", Min = 1, Max = 1048576)]
    public int Ways { get; init; } = 4;

    /// <summary>Which entry a full set evicts.</summary>
    [Param("replacement", "Victim choice in a full set: lru, fifo, random or round-robin.",
        Source = "convention: round-robin, as gem5's SMMUv3 walk caches")]
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
