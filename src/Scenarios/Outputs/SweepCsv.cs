using IommuSim.Model;
using IommuSim.Scenarios.Running;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// <c>sweep.csv</c>: one row per variant (a named variant at a sweep point; without a sweep, each variant), in run
/// order: its swept values, its replications, and for each summary figure the mean of the per-replication values (the
/// rows of <c>summary.csv</c>) with its 95% Student-t half-width, empty with one replication. The file to plot a sweep
/// from: one row per point, its coordinates typed, its error bars beside it.
/// </summary>
internal static class SweepCsv
{
    public const string FileName = "sweep.csv";

    // The figures, as summary.csv names them, and how each replication gives one.
    private static readonly (string Name, Func<RunResult, double> Of, Func<double, string> Format)[] Figures =
    [
        ("offered_gbps", r => r.OfferedGbps, CsvNumbers.Ratio),
        ("achieved_gbps", r => r.AchievedGbps, CsvNumbers.Ratio),
        ("iotlb_hit_rate", r => r.IotlbHitRate, CsvNumbers.Ratio),
        ("page_walks", r => r.PageWalks, CsvNumbers.Ratio),
        ("io_page_faults", r => r.IoPageFaults, CsvNumbers.Ratio),
        ("aborted", r => r.Devices.Sum(d => (double)d.Aborted), CsvNumbers.Ratio),
        ("interrupts", r => r.Interrupts, CsvNumbers.Ratio),
        ("cpu_util", r => r.CpuUtilisation, CsvNumbers.Ratio),
        ("cpu_busy", r => r.CpuBusy, CsvNumbers.Ratio),
        ("cpu_util_max", r => r.CpuMaxUtilisation, CsvNumbers.Ratio),
        ("lat_mean_ns", r => Latency(r, r.Latency.Summary.Mean), CsvNumbers.Nanoseconds),
        ("lat_p50_ns", r => Latency(r, r.Latency.Summary.P50), CsvNumbers.Nanoseconds),
        ("lat_p99_ns", r => Latency(r, r.Latency.Summary.P99), CsvNumbers.Nanoseconds),
        ("lat_p999_ns", r => Latency(r, r.Latency.Summary.P999), CsvNumbers.Nanoseconds),
        ("lat_max_ns", r => Latency(r, r.Latency.Summary.Max), CsvNumbers.Nanoseconds),
    ];

    /// <summary>The columns without the swept ones (which follow <c>variant</c>), in contract order.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["variant", "replications", .. Figures.SelectMany(f => new[] { f.Name, f.Name + "_ci95" })];

    public static void Write(string path, SweptColumns swept, IReadOnlyList<RunResult> results)
    {
        using var table = new CsvTable(path, swept.Insert(Columns));
        foreach (var variant in results.GroupBy(r => r.Variant))
        {
            var runs = variant.ToList();
            var fields = new List<string>(Columns.Count) { variant.Key, CsvNumbers.Integer(runs.Count) };
            foreach (var (_, of, format) in Figures)
            {
                var samples = runs.Select(of).ToList();
                // A figure some replication lacks (no lookups, no DMA) has no mean: empty, as in summary.csv.
                fields.Add(format(samples.Average()));
                fields.Add(format(VariantSummary.HalfWidth(samples)));
            }
            table.Row(swept.Insert(variant.Key, [.. fields]));
        }
    }

    // A latency figure of a replication, in picoseconds; NaN when no DMA completed.
    private static double Latency(RunResult r, double picoseconds) => r.Latency.Summary.Count == 0 ? double.NaN : picoseconds;
}
