using IommuSim.Model;

namespace IommuSim.Reporting;

/// <summary>
/// A figure a report plots per variant (as bars) and along sweeps (as curves): its id, its axis and how to estimate
/// it from a variant's replications.
/// </summary>
/// <param name="Id">The part of a chart id that names it, e.g. <c>throughput</c>.</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Axis">The value axis.</param>
/// <param name="Estimate">The figure of a variant; null when it has none (no lookups, no DMA).</param>
internal sealed record VariantFigure(string Id, string Title, ChartAxis Axis, Func<VariantRuns, Estimate?> Estimate)
{
    /// <summary>Achieved DMA throughput, Gbps, mean over replications.</summary>
    internal static readonly VariantFigure Throughput = new("throughput", "Achieved throughput",
        new ChartAxis("Achieved throughput", "Gbps"), v => PerReplication(v, r => r.AchievedGbps));

    /// <summary>
    /// Requests dropped per replication, over all devices: their aborted requests, which already count failed maps
    /// (a device's <c>Aborted</c> is "an IO page fault, a failed map, a drop"), so map failures are not added again.
    /// </summary>
    internal static readonly VariantFigure Drops = new("drops", "Dropped requests",
        new ChartAxis("Dropped requests per replication"), v => PerReplication(v, Dropped));

    /// <summary>IOTLB hit rate, %, mean of the replications' rates (none without lookups, e.g. passthrough).</summary>
    internal static readonly VariantFigure IotlbHitRate = new("iotlb-hit-rate", "IOTLB hit rate",
        new ChartAxis("IOTLB hit rate", "%"), v => PerReplication(v, r => r.IotlbHitRate * 100));

    /// <summary>The busiest host CPU's utilisation, %.</summary>
    internal static readonly VariantFigure CpuMax = new("cpu-max", "Busiest CPU",
        new ChartAxis("Busiest CPU's utilisation", "%"), v => PerReplication(v, r => r.CpuMaxUtilisation * 100));

    /// <summary>
    /// The 99th percentile of every DMA's latency, ns: of the merged distribution, with the spread of the
    /// replications' own p99s, as the summary table gives it; on a log axis, since it spans decades under load.
    /// </summary>
    internal static readonly VariantFigure P99Latency = new("p99-latency", "p99 DMA latency",
        new ChartAxis("p99 DMA latency", "ns", AxisScale.Log), P99);

    /// <summary>The figures of the figures section, in order.</summary>
    internal static readonly IReadOnlyList<VariantFigure> Bars = [Throughput, Drops, IotlbHitRate, CpuMax];

    /// <summary>The figures drawn against each numeric swept path, in order.</summary>
    internal static readonly IReadOnlyList<VariantFigure> Curves = [Throughput, Drops, IotlbHitRate, CpuMax, P99Latency];

    private static Estimate? PerReplication(VariantRuns variant, Func<RunResult, double> figure)
    {
        var samples = new double[variant.Replications.Count];
        for (int i = 0; i < samples.Length; i++) samples[i] = figure(variant.Replications[i]);
        return Reporting.Estimate.Of(samples);
    }

    private static double Dropped(RunResult run)
    {
        long dropped = 0;
        foreach (var d in run.Devices) dropped += d.Aborted;
        return dropped;
    }

    private static Estimate? P99(VariantRuns variant)
    {
        var samples = new double[variant.Replications.Count];
        for (int i = 0; i < samples.Length; i++)
        {
            var s = variant.Replications[i].Latency.Summary;
            samples[i] = s.Count > 0 ? s.P99 / 1000.0 : double.NaN;
        }
        if (LatencyCharts.Merged(variant, DeviceHeadline.AllDevices, "dma") is { Count: > 0 } merged)
            return Reporting.Estimate.WithSpreadOf(merged.Percentile(0.99) / 1000.0, samples);
        return Reporting.Estimate.Of(samples);
    }
}
