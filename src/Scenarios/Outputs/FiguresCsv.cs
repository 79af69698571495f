using IommuSim.Model;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// <c>figures.csv</c>: the figures particular to a kind of device (a NIC's drops by cause, link and credit utilisation,
/// per-queue CPU), one row per variant, replication, device and figure, in run, scenario and the device's order. Long
/// format, because every kind has figures of its own.
/// </summary>
internal static class FiguresCsv
{
    public const string FileName = "figures.csv";

    /// <summary>The columns, in contract order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["variant", "replication", "device", "figure", "value"];

    public static void Write(string path, SweptColumns swept, IReadOnlyList<RunResult> results)
    {
        using var table = new CsvTable(path, swept.Insert(Columns));
        foreach (var r in results)
            foreach (var d in r.Devices)
                foreach (var f in d.Figures)
                    table.Row(swept.Insert(r.Variant, [r.Variant, CsvNumbers.Integer(r.Replication), d.Device, f.Name, CsvNumbers.Ratio(f.Value)]));
    }
}
