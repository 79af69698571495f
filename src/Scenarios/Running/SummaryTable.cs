using System.Globalization;
using Spectre.Console;

namespace IommuSim.Scenarios.Running;

/// <summary>The table <c>iommusim run</c> prints at the end: one row per variant.</summary>
internal static class SummaryTable
{
    public static void Write(IAnsiConsole console, string scenarioName, IReadOnlyList<VariantSummary> variants, string outputDirectory)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(scenarioName)) };
        table.AddColumn("Variant");
        foreach (var heading in new[] { "Reps", "Offered Gbps", "Achieved Gbps", "IOTLB hit", "Walks", "Faults", "IRQs", "CPU", "Lat mean ns", "p50 ns", "p99 ns", "p99.9 ns", "max ns" })
            table.AddColumn(new TableColumn(heading).RightAligned());
        foreach (var v in variants)
        {
            table.AddRow(
                Markup.Escape(v.Variant),
                v.Replications.ToString(CultureInfo.InvariantCulture),
                Number(v.OfferedGbps, 3),
                double.IsFinite(v.AchievedGbpsHalfWidth) ? $"{Number(v.AchievedGbps, 3)} ± {Number(v.AchievedGbpsHalfWidth, 3)}" : Number(v.AchievedGbps, 3),
                Percent(v.IotlbHitRate),
                Number(v.PageWalks, 0),
                Number(v.IoPageFaults, 0),
                Number(v.Interrupts, 0),
                Percent(v.CpuUtil),
                Number(v.LatMeanPs / 1000, 1),
                Number(v.LatP50Ps / 1000, 1),
                Number(v.LatP99Ps / 1000, 1),
                Number(v.LatP999Ps / 1000, 1),
                Number(v.LatMaxPs / 1000, 1));
        }
        console.Write(table);
        console.MarkupLine($"Outputs in [bold]{Markup.Escape(outputDirectory)}[/]");
    }

    private static string Number(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "–";

    private static string Percent(double ratio) =>
        double.IsFinite(ratio) ? (ratio * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "–";
}
