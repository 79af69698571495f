using IommuSim.Model;

namespace IommuSim.Scenarios.Outputs;

/// <summary><c>summary.csv</c>: one row per variant and replication, in run order.</summary>
internal static class SummaryCsv
{
    public const string FileName = "summary.csv";

    /// <summary>The columns, in contract order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "variant", "replication", "seed", "sim_time_s", "offered_gbps", "achieved_gbps", "dma_transactions",
        "iotlb_hit_rate", "page_walks", "io_page_faults", "interrupts", "cpu_util",
        "lat_mean_ns", "lat_p50_ns", "lat_p99_ns", "lat_p999_ns", "lat_max_ns", "page_table_bytes", "cpu_busy", "cpu_util_max",
    ];

    public static void Write(string path, SweptColumns swept, IReadOnlyList<RunResult> results)
    {
        using var table = new CsvTable(path, swept.Insert(Columns));
        foreach (var r in results)
        {
            var lat = LatencyFigures.Of(r.Latency.Summary);
            table.Row(swept.Insert(r.Variant, [
                r.Variant, CsvNumbers.Integer(r.Replication), CsvNumbers.Integer(r.Seed), CsvNumbers.Seconds(r.MeasuredTime),
                CsvNumbers.Ratio(r.OfferedGbps), CsvNumbers.Ratio(r.AchievedGbps), CsvNumbers.Integer(r.DmaTransactions),
                CsvNumbers.Ratio(r.IotlbHitRate), CsvNumbers.Integer(r.PageWalks), CsvNumbers.Integer(r.IoPageFaults),
                CsvNumbers.Integer(r.Interrupts), CsvNumbers.Ratio(r.CpuUtilisation),
                lat.Mean, lat.P50, lat.P99, lat.P999, lat.Max, CsvNumbers.Integer(r.PageTableBytes),
                CsvNumbers.Ratio(r.CpuBusy), CsvNumbers.Ratio(r.CpuMaxUtilisation),
            ]));
        }
    }
}
