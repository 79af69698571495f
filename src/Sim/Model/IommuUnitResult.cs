using IommuSim.Iommu;

namespace IommuSim.Model;

/// <summary>
/// One IOMMU unit's counters in the measured time of one replication (a row of <c>iommu.csv</c>): its caches,
/// walkers and invalidation queue, and the host work on the domains it translates (strict syncs, flush-queue
/// flushes, IOVA allocations).
/// </summary>
public sealed record IommuUnitResult
{
    /// <summary>The unit's name, e.g. <c>dmar0</c>.</summary>
    public required string Unit { get; init; }
    /// <summary>IOTLB lookups that hit / missed.</summary>
    public required long IotlbHits { get; init; }
    /// <inheritdoc cref="IotlbHits"/>
    public required long IotlbMisses { get; init; }
    /// <summary>Stage-2 TLB lookups (nested walks) that hit / missed.</summary>
    public required long Stage2TlbHits { get; init; }
    /// <inheritdoc cref="Stage2TlbHits"/>
    public required long Stage2TlbMisses { get; init; }
    /// <summary>Stage-1 walk-cache hits per level, index 2 to 5 (0 and 1 unused).</summary>
    public required IReadOnlyList<long> WalkCacheHits { get; init; }
    /// <summary>Stage-1 walk-cache misses per level, index 2 to 5.</summary>
    public required IReadOnlyList<long> WalkCacheMisses { get; init; }
    /// <summary>Stage-2 walk-cache hits per level, index 2 to 5.</summary>
    public required IReadOnlyList<long> Stage2WalkCacheHits { get; init; }
    /// <summary>Stage-2 walk-cache misses per level, index 2 to 5.</summary>
    public required IReadOnlyList<long> Stage2WalkCacheMisses { get; init; }
    /// <summary>Context-cache lookups that hit / missed.</summary>
    public required long ContextCacheHits { get; init; }
    /// <inheritdoc cref="ContextCacheHits"/>
    public required long ContextCacheMisses { get; init; }
    /// <summary>Device ATC lookups (ATS) that hit / missed, over the unit's devices.</summary>
    public required long AtcHits { get; init; }
    /// <inheritdoc cref="AtcHits"/>
    public required long AtcMisses { get; init; }
    /// <summary>Interrupt entry cache lookups that hit / missed.</summary>
    public required long IecHits { get; init; }
    /// <inheritdoc cref="IecHits"/>
    public required long IecMisses { get; init; }
    /// <summary>Page walks finished.</summary>
    public required long Walks { get; init; }
    /// <summary>Memory reads made by those walks.</summary>
    public required long WalkReads { get; init; }
    /// <summary>Misses that joined another miss's walk instead of walking.</summary>
    public required long SharedWalks { get; init; }
    /// <summary>Time-averaged busy walkers over the walkers, 0..1.</summary>
    public required double WalkerUtilisation { get; init; }
    /// <summary>Time-averaged walks waiting for a walker.</summary>
    public required double WalkerQueueMean { get; init; }
    /// <summary>Mean wait for a walker per walk, picoseconds; NaN without walks.</summary>
    public required double WalkerWaitMeanPs { get; init; }
    /// <summary>Invalidation descriptors completed, indexed by <see cref="InvalidationKind"/>.</summary>
    public required IReadOnlyList<long> Invalidations { get; init; }
    /// <summary>Strict unmaps' synchronous range invalidations submitted to this unit.</summary>
    public required long StrictSyncs { get; init; }
    /// <summary>Flush-queue flushes of this unit's lazy domains started because a queue was full / by the timer.</summary>
    public required long LazyFullFlushes { get; init; }
    /// <inheritdoc cref="LazyFullFlushes"/>
    public required long LazyTimerFlushes { get; init; }
    /// <summary>IOVA allocations in this unit's domains, from the per-CPU caches and from the tree.</summary>
    public required long IovaRcacheAllocations { get; init; }
    /// <inheritdoc cref="IovaRcacheAllocations"/>
    public required long IovaTreeAllocations { get; init; }
    /// <summary>IOVA allocations that found no room.</summary>
    public required long IovaFailures { get; init; }
    /// <summary>IOTLB entries (all its caches).</summary>
    public int IotlbEntries { get; init; }
    /// <summary>Valid IOTLB entries when the measured time began (the end of warm-up) and when it ended.</summary>
    public (int Start, int End) IotlbOccupancy { get; init; }
    /// <summary>IO page faults.</summary>
    public required long Faults { get; init; }

    /// <summary>iommu_map calls on the host DMA API's domains this unit translates (one <c>map</c> trace event each).</summary>
    public long IommuMaps { get; init; }

    /// <summary>iommu_unmap calls on those domains (one <c>unmap</c> trace event each).</summary>
    public long IommuUnmaps { get; init; }

    /// <summary>Memory reads per walk; NaN without walks.</summary>
    public double ReadsPerWalk => Walks > 0 ? (double)WalkReads / Walks : double.NaN;
    /// <summary>Completed descriptors of <paramref name="kind"/>.</summary>
    public long InvalidationsOf(InvalidationKind kind) => Invalidations[(int)kind];
}
