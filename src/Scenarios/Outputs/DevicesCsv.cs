using IommuSim.Model;

namespace IommuSim.Scenarios.Outputs;

/// <summary><c>devices.csv</c>: one row per variant, replication and device, in run and scenario order.</summary>
internal static class DevicesCsv
{
    public const string FileName = "devices.csv";

    /// <summary>The columns, in contract order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "variant", "replication", "device", "offered_gbps", "achieved_gbps", "issued", "completed", "aborted", "map_failures",
        "interrupts", "iotlb_hits", "iotlb_misses", "iotlb_hit_rate", "in_flight_mean",
    ];

    public static void Write(string path, SweptColumns swept, IReadOnlyList<RunResult> results)
    {
        using var table = new CsvTable(path, swept.Insert(Columns));
        foreach (var r in results)
            foreach (var d in r.Devices)
                table.Row(swept.Insert(r.Variant, [
                    r.Variant, CsvNumbers.Integer(r.Replication), d.Device, CsvNumbers.Ratio(d.OfferedGbps), CsvNumbers.Ratio(d.AchievedGbps),
                    CsvNumbers.Integer(d.Issued), CsvNumbers.Integer(d.Completed), CsvNumbers.Integer(d.Aborted), CsvNumbers.Integer(d.MapFailures),
                    CsvNumbers.Integer(d.Interrupts), CsvNumbers.Integer(d.IotlbHits), CsvNumbers.Integer(d.IotlbMisses),
                    CsvNumbers.Ratio(d.IotlbHitRate), CsvNumbers.Ratio(d.MeanInFlight),
                ]));
    }
}
