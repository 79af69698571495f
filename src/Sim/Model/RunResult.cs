using IommuSim.Kernel;

namespace IommuSim.Model;

/// <summary>
/// What one replication of one variant produced: the figures behind a row of <c>summary.csv</c> and
/// the distributions behind <c>latency.csv</c> and <c>histogram.csv</c>. The model fills it; it
/// writes no files itself.
/// </summary>
public sealed record RunResult
{
    /// <summary>Variant name (<c>base</c> for the scenario as written).</summary>
    public required string Variant { get; init; }

    /// <summary>Replication index, from 0.</summary>
    public required int Replication { get; init; }

    /// <summary>The seed this replication's random streams derive from.</summary>
    public required ulong Seed { get; init; }

    /// <summary>The simulated time run before measuring began.</summary>
    public SimTime Warmup { get; init; }

    /// <summary>The measured simulated time (after warm-up).</summary>
    public required SimTime MeasuredTime { get; init; }

    /// <summary>Offered DMA load, Gbit/s, over the measured time.</summary>
    public required double OfferedGbps { get; init; }

    /// <summary>Completed DMA payload, Gbit/s, over the measured time.</summary>
    public required double AchievedGbps { get; init; }

    /// <summary>DMA transactions completed in the measured time.</summary>
    public required long DmaTransactions { get; init; }

    /// <summary>IOTLB lookups that hit, in the measured time.</summary>
    public required long IotlbHits { get; init; }

    /// <summary>IOTLB lookups that missed, in the measured time.</summary>
    public required long IotlbMisses { get; init; }

    /// <summary>Hit rate of the IOTLB (NaN when there were no lookups, e.g. passthrough).</summary>
    public double IotlbHitRate => IotlbHits + IotlbMisses == 0 ? double.NaN : (double)IotlbHits / (IotlbHits + IotlbMisses);

    /// <summary>Page-table walks started in the measured time.</summary>
    public required long PageWalks { get; init; }

    /// <summary>IO page faults in the measured time.</summary>
    public required long IoPageFaults { get; init; }

    /// <summary>Interrupts delivered in the measured time.</summary>
    public required long Interrupts { get; init; }

    /// <summary>Mean utilisation of the host CPUs (0..1) in the measured time: busy CPUs over CPUs.</summary>
    public required double CpuUtilisation { get; init; }

    /// <summary>Busy host CPUs on average over the measured time (the sum of the utilisations), in CPUs.</summary>
    public double CpuBusy { get; init; }

    /// <summary>The busiest host CPU's utilisation (0..1): where a one-CPU bottleneck shows.</summary>
    public double CpuMaxUtilisation { get; init; }

    /// <summary>Per device: throughput, drops, its IOTLB hits and misses, requests in flight.</summary>
    public IReadOnlyList<DeviceResult> Devices { get; init; } = [];

    /// <summary>Per host CPU: utilisation, operations, queue, busy time by kind.</summary>
    public IReadOnlyList<CpuResult> Cpus { get; init; } = [];

    /// <summary>Per IOMMU unit: cache, walker and invalidation counters (empty when no IOMMU driver runs).</summary>
    public IReadOnlyList<IommuUnitResult> IommuUnits { get; init; } = [];

    /// <summary>End-to-end DMA latency over all devices, in picoseconds.</summary>
    public required LatencyMetric Latency { get; init; }

    /// <summary>Every latency distribution, per device and metric (including <see cref="Latency"/>).</summary>
    public required IReadOnlyList<LatencyMetric> Metrics { get; init; }

    /// <summary>Memory held by the IO page tables of every domain at the end of the run, in bytes.</summary>
    public long PageTableBytes { get; init; }

    /// <summary>
    /// This result with each metric's figures (<see cref="LatencyMetric.Summary"/>) but not its histogram: what a
    /// batch of many replications keeps per run once it has merged the distributions it needs.
    /// </summary>
    public RunResult WithoutDistributions() => this with
    {
        Latency = Latency.WithoutDistribution(),
        Metrics = Metrics.Select(m => m.WithoutDistribution()).ToList(),
    };

    /// <summary>Configuration warnings the model raised (e.g. an interrupt-remapping pitfall).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
