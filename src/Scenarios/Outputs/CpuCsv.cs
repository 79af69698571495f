using IommuSim.Host;
using IommuSim.Model;

namespace IommuSim.Scenarios.Outputs;

/// <summary><c>cpu.csv</c>: one row per variant, replication and host CPU, in run and CPU order.</summary>
internal static class CpuCsv
{
    public const string FileName = "cpu.csv";

    // One column per CpuWork, in enum order: the share of the measured time that work took.
    private static readonly (CpuWork Kind, string Column)[] Work =
    [
        (CpuWork.Map, "map_util"), (CpuWork.Unmap, "unmap_util"), (CpuWork.InvalidationWait, "invalidation_wait_util"),
        (CpuWork.LockWait, "lock_wait_util"), (CpuWork.Interrupt, "interrupt_util"), (CpuWork.BounceCopy, "bounce_copy_util"), (CpuWork.Stack, "stack_util"),
    ];

    /// <summary>The columns, in contract order.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["variant", "replication", "cpu", "util", "operations", "waiting_mean", .. Work.Select(w => w.Column)];

    public static void Write(string path, SweptColumns swept, IReadOnlyList<RunResult> results)
    {
        using var table = new CsvTable(path, swept.Insert(Columns));
        foreach (var r in results)
        {
            double measured = r.MeasuredTime.Picoseconds;
            foreach (var c in r.Cpus)
                table.Row(swept.Insert(r.Variant, [
                    r.Variant, CsvNumbers.Integer(r.Replication), CsvNumbers.Integer(c.Cpu), CsvNumbers.Ratio(c.Utilisation),
                    CsvNumbers.Integer(c.Operations), CsvNumbers.Ratio(c.MeanWaiting),
                    .. Work.Select(w => CsvNumbers.Ratio(c.WorkOf(w.Kind).Picoseconds / measured)),
                ]));
        }
    }
}
