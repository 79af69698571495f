namespace IommuSim.Reporting;

/// <summary>
/// The latency-parts section: per device, a stacked bar per variant of the mean of each part the device records
/// (every metric but its headline one), each part's mean taken over the replications that recorded it.
/// </summary>
internal static class LatencyPartCharts
{
    /// <summary>One chart per device that records parts.</summary>
    internal static IReadOnlyList<Chart> Of(IReadOnlyList<VariantRuns> variants, IReadOnlyList<DeviceHeadline> devices, ChartIds ids)
    {
        var charts = new List<Chart>();
        foreach (var d in devices)
        {
            var parts = PartsOf(variants, d);
            if (parts.Count == 0) continue;
            var series = new List<ChartSeries>(parts.Count);
            foreach (string part in parts)
            {
                var points = new List<ChartPoint>();
                for (int i = 0; i < variants.Count; i++)
                    if (MeanNs(variants[i], d.Device, part) is { } mean)
                        points.Add(new ChartPoint(i, mean, variants[i].Name));
                series.Add(new ChartSeries(part, points));
            }
            charts.Add(new Chart(ids.Next("latency-parts", d.Device), $"Latency parts of {d.Device}", ChartKind.StackedBar,
                new ChartAxis("Variant"), new ChartAxis("Mean latency", "ns"), series,
                $"The mean of each part {d.Device} records, over replications; parts can overlap (e.g. interrupt lies within completion), so a stack need not equal the {d.Metric} latency."));
        }
        return charts;
    }

    private static List<string> PartsOf(IReadOnlyList<VariantRuns> variants, DeviceHeadline device)
    {
        var parts = new List<string>();
        foreach (var v in variants)
            foreach (var run in v.Replications)
                foreach (var m in run.Metrics)
                    if (m.Device == device.Device && m.Metric != device.Metric && !parts.Contains(m.Metric)) parts.Add(m.Metric);
        return parts;
    }

    /// <summary>The mean over replications of the part's mean, in ns; null when no replication recorded it.</summary>
    internal static double? MeanNs(VariantRuns variant, string device, string metric)
    {
        double sum = 0;
        int n = 0;
        foreach (var run in variant.Replications)
            foreach (var m in run.Metrics)
                if (m.Device == device && m.Metric == metric && m.Summary.Count > 0)
                {
                    sum += m.Summary.Mean / 1000.0;
                    n++;
                }
        return n == 0 ? null : sum / n;
    }
}
