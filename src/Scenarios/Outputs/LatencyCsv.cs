using IommuSim.Model;

namespace IommuSim.Scenarios.Outputs;

/// <summary><c>latency.csv</c>: one row per variant, replication, device and metric, in run and model order.</summary>
internal static class LatencyCsv
{
    public const string FileName = "latency.csv";

    /// <summary>The columns, in contract order.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["variant", "replication", "device", "metric", "count", "mean_ns", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns"];

    public static void Write(string path, SweptColumns swept, IReadOnlyList<RunResult> results)
    {
        using var table = new CsvTable(path, swept.Insert(Columns));
        foreach (var r in results)
            foreach (var m in r.Metrics)
            {
                var f = LatencyFigures.Of(m.Summary);
                table.Row(swept.Insert(r.Variant, [r.Variant, CsvNumbers.Integer(r.Replication), m.Device, m.Metric, CsvNumbers.Integer(f.Count),
                    f.Mean, f.P50, f.P90, f.P99, f.P999, f.Max]));
            }
    }
}
