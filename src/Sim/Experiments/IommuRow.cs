using IommuSim.Iommu;
using IommuSim.Model;

namespace IommuSim.Experiments;

/// <summary>
/// One IOMMU unit's counters in one replication: the columns of <c>iommu.csv</c> under the same names (the walk
/// caches summed over their levels; <see cref="RunResult.IommuUnits"/> holds them per level and descriptor kind).
/// </summary>
public sealed record IommuRow
{
    /// <summary>The variant's name.</summary>
    public required string Variant { get; init; }
    /// <summary>The replication's index.</summary>
    public required int Replication { get; init; }
    /// <summary>The unit's name.</summary>
    public required string Unit { get; init; }
    /// <summary>IOTLB lookups that hit.</summary>
    public long IotlbHits { get; init; }
    /// <summary>IOTLB lookups that missed.</summary>
    public long IotlbMisses { get; init; }
    /// <summary>Hits over lookups; NaN without lookups.</summary>
    public double IotlbHitRate { get; init; }
    /// <summary>Stage-2 TLB hits (nested translation).</summary>
    public long Stage2TlbHits { get; init; }
    /// <summary>Stage-2 TLB misses.</summary>
    public long Stage2TlbMisses { get; init; }
    /// <summary>Walk-cache hits, every level.</summary>
    public long WalkCacheHits { get; init; }
    /// <summary>Walk-cache misses, every level.</summary>
    public long WalkCacheMisses { get; init; }
    /// <summary>Context-cache hits.</summary>
    public long ContextCacheHits { get; init; }
    /// <summary>Context-cache misses.</summary>
    public long ContextCacheMisses { get; init; }
    /// <summary>Device ATC hits.</summary>
    public long AtcHits { get; init; }
    /// <summary>Device ATC misses.</summary>
    public long AtcMisses { get; init; }
    /// <summary>Interrupt entry cache hits.</summary>
    public long IecHits { get; init; }
    /// <summary>Interrupt entry cache misses.</summary>
    public long IecMisses { get; init; }
    /// <summary>Page walks.</summary>
    public long Walks { get; init; }
    /// <summary>Memory reads of those walks.</summary>
    public long WalkReads { get; init; }
    /// <summary>Reads per walk; NaN without walks.</summary>
    public double ReadsPerWalk { get; init; }
    /// <summary>Walks that joined one already under way for the same page.</summary>
    public long SharedWalks { get; init; }
    /// <summary>The walkers' utilisation.</summary>
    public double WalkerUtilisation { get; init; }
    /// <summary>Mean walks waiting for a walker.</summary>
    public double WalkerQueueMean { get; init; }
    /// <summary>Mean wait for a walker, nanoseconds.</summary>
    public double WalkerWaitMeanNs { get; init; }
    /// <summary>Page-selective IOTLB invalidation descriptors.</summary>
    public long InvIotlbPage { get; init; }
    /// <summary>Domain-selective IOTLB invalidation descriptors.</summary>
    public long InvIotlbDomain { get; init; }
    /// <summary>Global IOTLB invalidation descriptors.</summary>
    public long InvIotlbGlobal { get; init; }
    /// <summary>Device-TLB (ATS) invalidation descriptors.</summary>
    public long InvDeviceTlb { get; init; }
    /// <summary>Invalidation-wait descriptors.</summary>
    public long InvWait { get; init; }
    /// <summary>Strict-mode synchronous invalidations (the CPU waits for each).</summary>
    public long StrictSyncs { get; init; }
    /// <summary>Lazy-mode flushes because a flush queue filled.</summary>
    public long LazyFullFlushes { get; init; }
    /// <summary>Lazy-mode flushes by the flush-queue timer.</summary>
    public long LazyTimerFlushes { get; init; }
    /// <summary>IOVA allocations from the per-CPU caches.</summary>
    public long IovaRcacheAllocs { get; init; }
    /// <summary>IOVA allocations that searched the tree.</summary>
    public long IovaTreeAllocs { get; init; }
    /// <summary>IOVA allocations that failed.</summary>
    public long IovaFailures { get; init; }
    /// <summary>I/O page faults.</summary>
    public long IoPageFaults { get; init; }
    /// <summary>iommu_map calls of the DMA API.</summary>
    public long IommuMaps { get; init; }
    /// <summary>iommu_unmap calls of the DMA API.</summary>
    public long IommuUnmaps { get; init; }

    /// <summary>The row of unit <paramref name="u"/> in <paramref name="run"/>.</summary>
    internal static IommuRow Of(RunResult run, IommuUnitResult u) => new()
    {
        Variant = run.Variant, Replication = run.Replication, Unit = u.Unit,
        IotlbHits = u.IotlbHits, IotlbMisses = u.IotlbMisses,
        IotlbHitRate = u.IotlbHits + u.IotlbMisses == 0 ? double.NaN : (double)u.IotlbHits / (u.IotlbHits + u.IotlbMisses),
        Stage2TlbHits = u.Stage2TlbHits, Stage2TlbMisses = u.Stage2TlbMisses,
        WalkCacheHits = u.WalkCacheHits.Sum(), WalkCacheMisses = u.WalkCacheMisses.Sum(),
        ContextCacheHits = u.ContextCacheHits, ContextCacheMisses = u.ContextCacheMisses,
        AtcHits = u.AtcHits, AtcMisses = u.AtcMisses, IecHits = u.IecHits, IecMisses = u.IecMisses,
        Walks = u.Walks, WalkReads = u.WalkReads, ReadsPerWalk = u.ReadsPerWalk, SharedWalks = u.SharedWalks,
        WalkerUtilisation = u.WalkerUtilisation, WalkerQueueMean = u.WalkerQueueMean, WalkerWaitMeanNs = u.WalkerWaitMeanPs / 1000,
        InvIotlbPage = u.InvalidationsOf(InvalidationKind.IotlbPage), InvIotlbDomain = u.InvalidationsOf(InvalidationKind.IotlbDomain),
        InvIotlbGlobal = u.InvalidationsOf(InvalidationKind.IotlbGlobal), InvDeviceTlb = u.InvalidationsOf(InvalidationKind.DeviceTlb),
        InvWait = u.InvalidationsOf(InvalidationKind.Wait),
        StrictSyncs = u.StrictSyncs, LazyFullFlushes = u.LazyFullFlushes, LazyTimerFlushes = u.LazyTimerFlushes,
        IovaRcacheAllocs = u.IovaRcacheAllocations, IovaTreeAllocs = u.IovaTreeAllocations, IovaFailures = u.IovaFailures,
        IoPageFaults = u.Faults, IommuMaps = u.IommuMaps, IommuUnmaps = u.IommuUnmaps,
    };
}
