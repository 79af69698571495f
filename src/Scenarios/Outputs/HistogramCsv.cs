using IommuSim.Kernel.Statistics;
using IommuSim.Model;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// <c>histogram.csv</c>: per variant, each device's metric with its replications merged, one row per
/// non-empty bucket [lo_ns, hi_ns). Variants in run order; metrics in the order they first appear.
/// </summary>
internal static class HistogramCsv
{
    public const string FileName = "histogram.csv";

    /// <summary>The columns, in contract order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["variant", "device", "metric", "lo_ns", "hi_ns", "count"];

    public static void Write(string path, IReadOnlyList<RunResult> results)
    {
        using var table = new CsvTable(path, Columns);
        foreach (var variant in results.GroupBy(r => r.Variant))
            foreach (var ((device, metric), histogram) in Merge(variant))
                foreach (var (lo, hi, count) in histogram.Buckets())
                    table.Row([variant.Key, device, metric, CsvNumbers.Nanoseconds(lo), CsvNumbers.Nanoseconds(hi), CsvNumbers.Integer(count)]);
    }

    /// <summary>The replications' histograms merged per (device, metric), in first-appearance order.</summary>
    internal static List<((string Device, string Metric) Key, LogLinearHistogram Histogram)> Merge(IEnumerable<RunResult> replications)
    {
        var merged = new List<((string, string) Key, LogLinearHistogram Histogram)>();
        var index = new Dictionary<(string, string), int>();
        foreach (var r in replications)
            foreach (var m in r.Metrics)
            {
                var key = (m.Device, m.Metric);
                if (!index.TryGetValue(key, out int i))
                {
                    index.Add(key, i = merged.Count);
                    merged.Add((key, new LogLinearHistogram()));
                }
                merged[i].Histogram.Merge(m.Histogram);
            }
        return merged;
    }
}
