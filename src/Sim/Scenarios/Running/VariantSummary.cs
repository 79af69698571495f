using IommuSim.Kernel.Statistics;
using IommuSim.Model;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// One variant's figures over its replications, for the console table and <c>--json</c>: means of the
/// per-replication figures with their 95% Student-t half-widths (NaN with one replication), the IOTLB hit rate
/// pooled over all lookups, latency percentiles of the replications' merged distribution, and the same per device.
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
    /// <summary>95% half-width of the per-replication IOTLB hit rates; NaN with one replication or without lookups.</summary>
    public required double IotlbHitRateHalfWidth { get; init; }
    public required double PageWalks { get; init; }
    public required double IoPageFaults { get; init; }
    public required double Interrupts { get; init; }
    public required double CpuUtil { get; init; }
    /// <summary>Busy CPUs (sum of utilisations), mean over replications.</summary>
    public required double CpuBusy { get; init; }
    /// <summary>The busiest CPU's utilisation, mean over replications.</summary>
    public required double CpuMax { get; init; }
    /// <summary>Latency figures in picoseconds (NaN when no DMA completed).</summary>
    public required double LatMeanPs { get; init; }
    /// <summary>95% half-width of the per-replication mean latencies, picoseconds.</summary>
    public required double LatMeanHalfWidthPs { get; init; }
    public required double LatP50Ps { get; init; }
    public required double LatP99Ps { get; init; }
    /// <summary>95% half-width of the per-replication 99th percentiles, picoseconds.</summary>
    public required double LatP99HalfWidthPs { get; init; }
    public required double LatP999Ps { get; init; }
    public required double LatMaxPs { get; init; }
    /// <summary>The same figures per device, in scenario order.</summary>
    public required IReadOnlyList<DeviceSummary> Devices { get; init; }

    /// <summary>One summary per variant, in run order, from results sorted by variant (with their distributions).</summary>
    public static IReadOnlyList<VariantSummary> Of(IReadOnlyList<RunResult> results) => Of(results, RunDistributions.Of(results));

    /// <summary>One summary per variant, in run order; the merged distributions come from <paramref name="distributions"/>.</summary>
    public static IReadOnlyList<VariantSummary> Of(IReadOnlyList<RunResult> results, RunDistributions distributions) =>
        results.GroupBy(r => r.Variant).Select(g => Of(g.Key, g.ToList(), distributions)).ToList();

    /// <summary>The 95% Student-t half-width of <paramref name="samples"/>; NaN for fewer than two or any NaN.</summary>
    internal static double HalfWidth(IReadOnlyList<double> samples) =>
        samples.Count > 1 && samples.All(double.IsFinite) ? ConfidenceInterval.StudentT(samples).HalfWidth : double.NaN;

    private static VariantSummary Of(string variant, List<RunResult> runs, RunDistributions distributions)
    {
        var achieved = runs.Select(r => r.AchievedGbps).ToList();
        long hits = runs.Sum(r => r.IotlbHits), lookups = hits + runs.Sum(r => r.IotlbMisses);
        var latency = distributions.Of(variant, runs[0].Latency.Device, runs[0].Latency.Metric);
        bool any = latency.Count > 0;
        return new VariantSummary
        {
            Variant = variant,
            Replications = runs.Count,
            OfferedGbps = runs.Average(r => r.OfferedGbps),
            AchievedGbps = achieved.Average(),
            AchievedGbpsHalfWidth = HalfWidth(achieved),
            IotlbHitRate = lookups == 0 ? double.NaN : (double)hits / lookups,
            IotlbHitRateHalfWidth = HalfWidth(runs.Select(r => r.IotlbHitRate).ToList()),
            PageWalks = runs.Average(r => (double)r.PageWalks),
            IoPageFaults = runs.Average(r => (double)r.IoPageFaults),
            Interrupts = runs.Average(r => (double)r.Interrupts),
            CpuUtil = runs.Average(r => r.CpuUtilisation),
            CpuBusy = runs.Average(r => r.CpuBusy),
            CpuMax = runs.Average(r => r.CpuMaxUtilisation),
            LatMeanPs = latency.Mean,
            LatMeanHalfWidthPs = HalfWidth(runs.Select(r => r.Latency.Summary.Mean).ToList()),
            LatP50Ps = any ? latency.Percentile(0.5) : double.NaN,
            LatP99Ps = any ? latency.Percentile(0.99) : double.NaN,
            LatP99HalfWidthPs = HalfWidth(runs.Select(r => r.Latency.Summary.Count > 0 ? (double)r.Latency.Summary.P99 : double.NaN).ToList()),
            LatP999Ps = any ? latency.Percentile(0.999) : double.NaN,
            LatMaxPs = any ? latency.Max : double.NaN,
            Devices = DeviceSummary.Of(runs, distributions),
        };
    }
}
