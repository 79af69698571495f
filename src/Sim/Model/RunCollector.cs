using IommuSim.Devices;
using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;

namespace IommuSim.Model;

/// <summary>Reads the assembled system's counters into the result records, at the end of the measured time.</summary>
internal static class RunCollector
{
    /// <summary>One IOMMU unit's parts: what translates, what invalidates, what remaps interrupts.</summary>
    internal sealed record UnitParts(TranslationUnit Translation, InvalidationQueue Queue, QueuedIotlbInvalidator Invalidator,
        InterruptRemappingUnit Remapping);

    /// <summary>A device's completions and their headline latency sum, taken halfway through the measured time.</summary>
    internal readonly record struct Halfway(long Count, double SumPs)
    {
        public static Halfway Of(IWorkloadDevice d)
        {
            var h = d.Latencies[0].Histogram;
            return new(h.Count, h.Count > 0 ? h.Mean * h.Count : 0);
        }
    }

    public static DeviceResult Device(IWorkloadDevice d, DeviceSpec spec, SimTime measured, Halfway half)
    {
        double seconds = measured.TotalSeconds;
        var headline = d.Latencies[0].Histogram;
        var c = d.Counters;
        long second = headline.Count - half.Count;
        double secondSum = (headline.Count > 0 ? headline.Mean * headline.Count : 0) - half.SumPs;
        return new DeviceResult
        {
            Cpu = d.Cpu,
            HalfCounts = (half.Count, second),
            FirstHalfMeanPs = half.Count > 0 ? half.SumPs / half.Count : double.NaN,
            SecondHalfMeanPs = second > 0 ? secondSum / second : double.NaN,
            Device = d.Name,
            OfferedGbps = (d.OfferedBitsPerSecond ?? spec.OfferedBitsPerSecond) / 1e9,
            AchievedGbps = c.BytesCompleted * 8.0 / seconds / 1e9,
            Issued = c.Issued,
            Completed = c.Completed,
            Aborted = c.Aborted,
            MapFailures = c.MapFailures,
            Interrupts = c.Interrupts,
            IotlbHits = c.IotlbHits,
            IotlbMisses = c.IotlbMisses,
            MeanInFlight = c.MeanInFlight,
            Figures = d.Figures(),
        };
    }

    public static CpuResult Cpu(HostCpu cpu) => new()
    {
        Cpu = cpu.Index,
        Utilisation = cpu.Utilisation,
        Operations = cpu.Operations,
        MeanWaiting = cpu.MeanWaiting,
        Work = Enum.GetValues<CpuWork>().Select(cpu.WorkTime).ToArray(),
    };

    public static IommuUnitResult Unit(UnitParts parts, DmaApi dma, DomainInvalidators invalidators, int iotlbAtStart)
    {
        var tu = parts.Translation;
        // The host's work on the domains this unit translates.
        long full = 0, timer = 0, rcache = 0, tree = 0, failures = 0, maps = 0, unmaps = 0;
        foreach (var domain in dma.TranslatedDomains)
        {
            if (!ReferenceEquals(invalidators.InvalidatorOf(domain), parts.Invalidator)) continue;
            maps += dma.IommuMapsOf(domain);
            unmaps += dma.IommuUnmapsOf(domain);
            if (dma.FlushQueueOf(domain) is { } queue)
            {
                full += queue.FullFlushes;
                timer += queue.TimerFlushes;
            }
            if (dma.AllocatorOf(domain) is { } allocator)
            {
                rcache += allocator.RcacheHits;
                tree += allocator.TreeAllocations;
                failures += allocator.Failures;
            }
        }
        var pool = tu.Walkers;
        var iec = parts.Remapping.EntryCache;
        return new IommuUnitResult
        {
            Unit = tu.Name,
            IotlbHits = tu.Iotlb.Hits,
            IotlbMisses = tu.Iotlb.Misses,
            Stage2TlbHits = tu.Stage2Tlb?.Hits ?? 0,
            Stage2TlbMisses = tu.Stage2Tlb?.Misses ?? 0,
            WalkCacheHits = PerLevel(tu.WalkCaches, c => c.Hits),
            WalkCacheMisses = PerLevel(tu.WalkCaches, c => c.Misses),
            Stage2WalkCacheHits = PerLevel(tu.Stage2WalkCaches, c => c.Hits),
            Stage2WalkCacheMisses = PerLevel(tu.Stage2WalkCaches, c => c.Misses),
            ContextCacheHits = tu.ContextCache.Hits,
            ContextCacheMisses = tu.ContextCache.Misses,
            AtcHits = tu.AtcHits,
            AtcMisses = tu.AtcMisses,
            IecHits = iec.Hits,
            IecMisses = iec.Misses,
            Walks = pool.Walks,
            WalkReads = pool.WalkReads,
            SharedWalks = pool.SharedWalks,
            WalkerUtilisation = pool.Utilisation,
            WalkerQueueMean = pool.MeanQueued,
            WalkerWaitMeanPs = pool.MeanWaitPs,
            Invalidations = Enum.GetValues<InvalidationKind>().Select(parts.Queue.CompletedOf).ToArray(),
            StrictSyncs = parts.Invalidator.RangeInvalidations,
            LazyFullFlushes = full,
            LazyTimerFlushes = timer,
            IovaRcacheAllocations = rcache,
            IovaTreeAllocations = tree,
            IovaFailures = failures,
            Faults = tu.Faults,
            IommuMaps = maps,
            IommuUnmaps = unmaps,
            IotlbEntries = tu.Iotlb.Capacity,
            IotlbOccupancy = (iotlbAtStart, tu.Iotlb.Occupancy),
        };
    }

    private static long[] PerLevel(WalkCaches caches, Func<WalkCache, long> count)
    {
        var perLevel = new long[6];
        for (int level = 2; level <= 5; level++)
            if (caches[level] is { } cache) perLevel[level] = count(cache);
        return perLevel;
    }
}
