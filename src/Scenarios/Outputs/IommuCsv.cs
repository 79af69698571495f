using IommuSim.Iommu;
using IommuSim.Model;

namespace IommuSim.Scenarios.Outputs;

/// <summary><c>iommu.csv</c>: one row per variant, replication and IOMMU unit, in run and unit order.</summary>
internal static class IommuCsv
{
    public const string FileName = "iommu.csv";

    private static readonly int[] Levels = [5, 4, 3, 2];

    // One column per descriptor kind, in enum order.
    private static readonly (InvalidationKind Kind, string Column)[] Descriptors =
    [
        (InvalidationKind.ContextGlobal, "inv_context_global"), (InvalidationKind.ContextDomain, "inv_context_domain"),
        (InvalidationKind.ContextDevice, "inv_context_device"), (InvalidationKind.IotlbGlobal, "inv_iotlb_global"),
        (InvalidationKind.IotlbDomain, "inv_iotlb_domain"), (InvalidationKind.IotlbPage, "inv_iotlb_page"),
        (InvalidationKind.DeviceTlb, "inv_device_tlb"), (InvalidationKind.InterruptEntryCacheGlobal, "inv_iec_global"),
        (InvalidationKind.InterruptEntryCacheIndex, "inv_iec_index"), (InvalidationKind.Wait, "inv_wait"),
    ];

    /// <summary>The columns, in contract order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "variant", "replication", "unit", "iotlb_hits", "iotlb_misses", "stage2_tlb_hits", "stage2_tlb_misses",
        .. Levels.SelectMany(l => new[] { $"walk_cache_l{l}_hits", $"walk_cache_l{l}_misses" }),
        .. Levels.SelectMany(l => new[] { $"stage2_walk_cache_l{l}_hits", $"stage2_walk_cache_l{l}_misses" }),
        "context_cache_hits", "context_cache_misses", "atc_hits", "atc_misses", "iec_hits", "iec_misses",
        "walks", "walk_reads", "reads_per_walk", "shared_walks", "walker_util", "walker_queue_mean", "walker_wait_mean_ns",
        .. Descriptors.Select(d => d.Column),
        "strict_syncs", "lazy_full_flushes", "lazy_timer_flushes", "iova_rcache_allocs", "iova_tree_allocs", "iova_failures",
        "io_page_faults", "iommu_maps", "iommu_unmaps",
    ];

    public static void Write(string path, SweptColumns swept, IReadOnlyList<RunResult> results)
    {
        using var table = new CsvTable(path, swept.Insert(Columns));
        foreach (var r in results)
            foreach (var u in r.IommuUnits)
                table.Row(swept.Insert(r.Variant, [
                    r.Variant, CsvNumbers.Integer(r.Replication), u.Unit,
                    N(u.IotlbHits), N(u.IotlbMisses), N(u.Stage2TlbHits), N(u.Stage2TlbMisses),
                    .. Levels.SelectMany(l => new[] { N(u.WalkCacheHits[l]), N(u.WalkCacheMisses[l]) }),
                    .. Levels.SelectMany(l => new[] { N(u.Stage2WalkCacheHits[l]), N(u.Stage2WalkCacheMisses[l]) }),
                    N(u.ContextCacheHits), N(u.ContextCacheMisses), N(u.AtcHits), N(u.AtcMisses), N(u.IecHits), N(u.IecMisses),
                    N(u.Walks), N(u.WalkReads), CsvNumbers.Ratio(u.ReadsPerWalk), N(u.SharedWalks),
                    CsvNumbers.Ratio(u.WalkerUtilisation), CsvNumbers.Ratio(u.WalkerQueueMean), CsvNumbers.Nanoseconds(u.WalkerWaitMeanPs),
                    .. Descriptors.Select(d => N(u.InvalidationsOf(d.Kind))),
                    N(u.StrictSyncs), N(u.LazyFullFlushes), N(u.LazyTimerFlushes), N(u.IovaRcacheAllocations), N(u.IovaTreeAllocations),
                    N(u.IovaFailures), N(u.Faults), N(u.IommuMaps), N(u.IommuUnmaps),
                ]));
    }

    private static string N(long value) => CsvNumbers.Integer(value);
}
