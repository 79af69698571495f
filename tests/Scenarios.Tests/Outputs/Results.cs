using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;
using IommuSim.Model;

namespace IommuSim.Scenarios.Tests.Outputs;

/// <summary>RunResults built by hand with values whose CSV text is known.</summary>
internal static class Results
{
    /// <summary>A histogram of the given picosecond values (all below 256 ps, where buckets are exact).</summary>
    public static LogLinearHistogram Histogram(params long[] picoseconds)
    {
        var h = new LogLinearHistogram();
        foreach (var v in picoseconds) h.Record(v);
        return h;
    }

    public static RunResult Make(string variant, int replication, LogLinearHistogram latency, long hits = 3, long misses = 1,
        IReadOnlyList<LatencyMetric>? extra = null, IReadOnlyList<string>? warnings = null)
    {
        var all = new LatencyMetric("all", "dma", latency);
        return new RunResult
        {
            Variant = variant,
            Replication = replication,
            Seed = 77UL + (ulong)replication,
            MeasuredTime = SimTime.FromMilliseconds(10),
            OfferedGbps = 10,
            AchievedGbps = 9.87654321,
            DmaTransactions = 30_517,
            IotlbHits = hits,
            IotlbMisses = misses,
            PageWalks = 12,
            IoPageFaults = 2,
            Interrupts = 400,
            CpuUtilisation = -1e-12,
            Latency = all,
            Metrics = [all, .. extra ?? []],
            Warnings = warnings ?? [],
        };
    }
}
