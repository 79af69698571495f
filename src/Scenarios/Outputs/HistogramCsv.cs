using IommuSim.Model;
using IommuSim.Scenarios.Running;

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

    public static void Write(string path, SweptColumns swept, IReadOnlyList<RunResult> results, RunDistributions distributions)
    {
        using var table = new CsvTable(path, swept.Insert(Columns));
        foreach (var variant in results.Select(r => r.Variant).Distinct())
            foreach (var ((device, metric), histogram) in distributions.Of(variant))
                foreach (var (lo, hi, count) in histogram.Buckets())
                    table.Row(swept.Insert(variant, [variant, device, metric, CsvNumbers.Nanoseconds(lo), CsvNumbers.Nanoseconds(hi), CsvNumbers.Integer(count)]));
    }
}
