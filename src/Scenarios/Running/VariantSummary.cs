using IommuSim.Kernel.Statistics;
using IommuSim.Model;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// One variant's figures over its replications, for the console table and <c>--json</c>: means of the
/// per-replication figures (achieved throughput with its 95% Student-t half-width), the IOTLB hit rate
/// pooled over all lookups, and latency percentiles of the replications' merged distribution.
/// </summary>
internal sealed record VariantSummary
{
    public required string Variant { get; init; }
    public required int Replications { get; init; }
    public required double OfferedGbps { get; init; }
    public required double AchievedGbps { get; init; }
    /// <summary>95% half-width of <see cref="AchievedGbps"/>; NaN with one replication.</summary>
    public required double AchievedGbpsHalfWidth { get; init; }
    public required double IotlbHitRate { get; init; }
    public required double PageWalks { get; init; }
    public required double IoPageFaults { get; init; }
    public required double Interrupts { get; init; }
    public required double CpuUtil { get; init; }
    /// <summary>Latency figures in picoseconds (NaN when no DMA completed).</summary>
    public required double LatMeanPs { get; init; }
    public required double LatP50Ps { get; init; }
    public required double LatP99Ps { get; init; }
    public required double LatP999Ps { get; init; }
    public required double LatMaxPs { get; init; }

    /// <summary>One summary per variant, in run order, from results sorted by variant.</summary>
    public static IReadOnlyList<VariantSummary> Of(IReadOnlyList<RunResult> results) =>
        results.GroupBy(r => r.Variant).Select(g => Of(g.Key, g.ToList())).ToList();

    private static VariantSummary Of(string variant, List<RunResult> runs)
    {
        var achieved = runs.Select(r => r.AchievedGbps).ToList();
        double halfWidth = runs.Count > 1 && achieved.All(double.IsFinite)
            ? ConfidenceInterval.StudentT(achieved).HalfWidth
            : double.NaN;
        long hits = runs.Sum(r => r.IotlbHits), lookups = hits + runs.Sum(r => r.IotlbMisses);
        var latency = new LogLinearHistogram();
        foreach (var r in runs) latency.Merge(r.Latency.Histogram);
        bool any = latency.Count > 0;
        return new VariantSummary
        {
            Variant = variant,
            Replications = runs.Count,
            OfferedGbps = runs.Average(r => r.OfferedGbps),
            AchievedGbps = achieved.Average(),
            AchievedGbpsHalfWidth = halfWidth,
            IotlbHitRate = lookups == 0 ? double.NaN : (double)hits / lookups,
            PageWalks = runs.Average(r => (double)r.PageWalks),
            IoPageFaults = runs.Average(r => (double)r.IoPageFaults),
            Interrupts = runs.Average(r => (double)r.Interrupts),
            CpuUtil = runs.Average(r => r.CpuUtilisation),
            LatMeanPs = latency.Mean,
            LatP50Ps = any ? latency.Percentile(0.5) : double.NaN,
            LatP99Ps = any ? latency.Percentile(0.99) : double.NaN,
            LatP999Ps = any ? latency.Percentile(0.999) : double.NaN,
            LatMaxPs = any ? latency.Max : double.NaN,
        };
    }
}
