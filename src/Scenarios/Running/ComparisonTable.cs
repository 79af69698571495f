using System.Globalization;
using Spectre.Console;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// The table <c>iommusim compare</c> prints: per variant, each key figure as mean ± 95% half-width, its change
/// relative to the baseline, and whether the difference is significant (yes, no, or n/a).
/// </summary>
internal static class ComparisonTable
{
    public static void Write(IAnsiConsole console, string title, IReadOnlyList<VariantComparison> variants)
    {
        var baseline = variants.First(v => v.IsBaseline);
        var table = new Table { Title = new TableTitle(Markup.Escape($"{title} (baseline: {baseline.Label})")) };
        table.AddColumn("Variant");
        table.AddColumn("Figure");
        table.AddColumn(new TableColumn("Mean ± 95%").RightAligned());
        table.AddColumn(new TableColumn("Change").RightAligned());
        table.AddColumn(new TableColumn("Significant").RightAligned());
        foreach (var v in variants)
        {
            bool first = true;
            foreach (var f in v.Figures)
            {
                table.AddRow(first ? Markup.Escape($"{v.Label} ({Count(v.Replications)})") : "", Markup.Escape(f.Figure.Heading),
                    WithHalfWidth(f), v.IsBaseline ? "baseline" : Change(f.Change), v.IsBaseline ? "–" : Significance(f.Significant));
                first = false;
            }
        }
        console.Write(table);
        console.WriteLine(
            $"Significant: Welch's t-test over the replications, two-sided, at {(FigureComparison.Alpha * 100).ToString("0.##", CultureInfo.InvariantCulture)}%; " +
            "n/a with one replication or where a variant lacks the figure.");
    }

    private static string Count(int replications) => replications == 1 ? "1 rep" : $"{replications.ToString(CultureInfo.InvariantCulture)} reps";

    private static string WithHalfWidth(FigureComparison f)
    {
        double scale = f.Figure.IsRatio ? 100 : 1;
        int decimals = f.Figure.IsRatio || f.Figure.Key.EndsWith("_ns", StringComparison.Ordinal) ? 1 : 2;
        string unit = f.Figure.IsRatio ? "%" : "";
        if (!double.IsFinite(f.Mean)) return "–";
        string mean = Number(f.Mean * scale, decimals) + unit;
        return double.IsFinite(f.HalfWidth) ? $"{mean} ± {Number(f.HalfWidth * scale, decimals)}{unit}" : mean;
    }

    private static string Change(double change) =>
        double.IsFinite(change) ? (change * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Significance(bool? significant) => significant switch { true => "yes", false => "no", null => "n/a" };

    private static string Number(double value, int decimals) =>
        value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
