using IommuSim.Kernel.Statistics;

namespace IommuSim.Reporting;

/// <summary>
/// The latency section: the CDF of every DMA's latency (device <c>all</c>, metric <c>dma</c>), one curve per
/// variant from its merged distribution, and, with more than one device, the CDF of each device's headline metric.
/// </summary>
internal static class LatencyCharts
{
    /// <summary>The section's charts; none without distributions.</summary>
    internal static IReadOnlyList<Chart> Of(IReadOnlyList<VariantRuns> variants, IReadOnlyList<DeviceHeadline> devices, ChartIds ids)
    {
        var charts = new List<Chart>();
        if (Cdf(variants, DeviceHeadline.AllDevices, "dma", "DMA latency", "DMA latency, all devices") is { } all)
            charts.Add(all with { Id = ids.Next("latency-cdf") });
        if (devices.Count > 1)
            foreach (var d in devices)
                if (Cdf(variants, d.Device, d.Metric, $"{d.Metric} latency", $"{d.Metric} latency of {d.Device}") is { } chart)
                    charts.Add(chart with { Id = ids.Next("latency-cdf", d.Device) });
        return charts;
    }

    private static Chart? Cdf(IReadOnlyList<VariantRuns> variants, string device, string metric, string axisTitle, string title)
    {
        var series = new List<ChartSeries>();
        foreach (var v in variants)
            if (Merged(v, device, metric) is { Count: > 0 } histogram)
                series.Add(new ChartSeries(v.Name, CdfCurve.Of(histogram)));
        if (series.Count == 0) return null;
        return new Chart("", title, ChartKind.Line, new ChartAxis(axisTitle, "ns", AxisScale.Log),
            new ChartAxis("Cumulative fraction"), series,
            "The fraction of requests completed within a latency, over all replications; further right is slower.");
    }

    /// <summary>The variant's merged distribution of <paramref name="device"/>'s <paramref name="metric"/>; null if it has none.</summary>
    internal static LogLinearHistogram? Merged(VariantRuns variant, string device, string metric)
    {
        foreach (var m in variant.Distributions)
            if (m.Device == device && m.Metric == metric && m.HasDistribution) return m.Histogram;
        return null;
    }
}
