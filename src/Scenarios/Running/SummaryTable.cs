using System.Globalization;
using Spectre.Console;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// The tables <c>iommusim run</c> prints at the end. By default the few figures that answer most questions, in
/// at most 100 columns: one row per variant, or per variant and device when the scenario has several devices
/// (with each device's interrupt latency). <c>--wide</c> prints every figure: a variant table and, with several
/// devices, a device table.
/// </summary>
internal static class SummaryTable
{
    /// <summary>The width the default table stays within.</summary>
    public const int NarrowWidth = 100;

    public static void Write(IAnsiConsole console, string scenarioName, IReadOnlyList<VariantSummary> variants, string outputDirectory,
        bool wide = false)
    {
        bool perDevice = variants.Count > 0 && variants[0].Devices.Count > 1;
        if (wide)
        {
            console.Write(WideVariants(scenarioName, variants));
            if (perDevice) console.Write(WideDevices(scenarioName, variants));
        }
        else console.Write(perDevice ? NarrowDevices(scenarioName, variants) : NarrowVariants(scenarioName, variants));
        console.MarkupLine($"Outputs in [bold]{Markup.Escape(outputDirectory)}[/]");
    }

    private static Table NarrowVariants(string title, IReadOnlyList<VariantSummary> variants)
    {
        var table = New(title, "Variant", "Offered Gbps", "Achieved Gbps", "IOTLB hit", "CPU max", "Mean ns", "p99 ns");
        foreach (var v in variants)
            table.AddRow(Markup.Escape(v.Variant), Number(v.OfferedGbps, 2), WithHalfWidth(v.AchievedGbps, v.AchievedGbpsHalfWidth, 2),
                Percent(v.IotlbHitRate), Percent(v.CpuMax), WithHalfWidth(v.LatMeanPs / 1000, v.LatMeanHalfWidthPs / 1000, 1),
                Number(v.LatP99Ps / 1000, 1));
        return table;
    }

    private static Table NarrowDevices(string title, IReadOnlyList<VariantSummary> variants)
    {
        var table = New(title, "Variant", "Device", "Achieved Gbps", "IOTLB hit", "CPU", "Mean ns", "p99 ns", "IRQ ns");
        foreach (var v in variants)
            foreach (var d in v.Devices)
                table.AddRow(Markup.Escape(v.Variant), Markup.Escape(d.Device), WithHalfWidth(d.AchievedGbps, d.AchievedGbpsHalfWidth, 2),
                    Percent(d.IotlbHitRate), Percent(d.CpuUtil), Number(d.LatMeanPs / 1000, 1), Number(d.LatP99Ps / 1000, 1),
                    Number(d.InterruptMeanPs / 1000, 1));
        return table;
    }

    private static Table WideVariants(string title, IReadOnlyList<VariantSummary> variants)
    {
        var table = New(title, "Variant", "Reps", "Offered Gbps", "Achieved Gbps", "IOTLB hit", "Walks", "Faults", "IRQs", "CPU busy",
            "CPU max", "Mean ns", "p50 ns", "p99 ns", "p99.9 ns", "max ns");
        foreach (var v in variants)
            table.AddRow(Markup.Escape(v.Variant), v.Replications.ToString(CultureInfo.InvariantCulture), Number(v.OfferedGbps, 3),
                WithHalfWidth(v.AchievedGbps, v.AchievedGbpsHalfWidth, 3), WithHalfWidth(v.IotlbHitRate * 100, v.IotlbHitRateHalfWidth * 100, 1, "%"),
                Number(v.PageWalks, 0), Number(v.IoPageFaults, 0), Number(v.Interrupts, 0), Number(v.CpuBusy, 2), Percent(v.CpuMax),
                WithHalfWidth(v.LatMeanPs / 1000, v.LatMeanHalfWidthPs / 1000, 1), Number(v.LatP50Ps / 1000, 1),
                WithHalfWidth(v.LatP99Ps / 1000, v.LatP99HalfWidthPs / 1000, 1), Number(v.LatP999Ps / 1000, 1), Number(v.LatMaxPs / 1000, 1));
        return table;
    }

    private static Table WideDevices(string title, IReadOnlyList<VariantSummary> variants)
    {
        var table = New(title + ", per device", "Variant", "Device", "Offered Gbps", "Achieved Gbps", "IOTLB hit", "CPU", "Mean ns",
            "p99 ns", "IRQ ns", "Completion ns");
        foreach (var v in variants)
            foreach (var d in v.Devices)
                table.AddRow(Markup.Escape(v.Variant), Markup.Escape(d.Device), Number(d.OfferedGbps, 3),
                    WithHalfWidth(d.AchievedGbps, d.AchievedGbpsHalfWidth, 3), Percent(d.IotlbHitRate), Percent(d.CpuUtil),
                    Number(d.LatMeanPs / 1000, 1), Number(d.LatP99Ps / 1000, 1), Number(d.InterruptMeanPs / 1000, 1),
                    Number(d.CompletionMeanPs / 1000, 1));
        return table;
    }

    private static Table New(string title, string first, params string[] numeric)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        table.AddColumn(first);
        foreach (var heading in numeric)
            table.AddColumn(heading is "Device" ? new TableColumn(heading) : new TableColumn(heading).RightAligned());
        return table;
    }

    private static string WithHalfWidth(double value, double halfWidth, int decimals, string unit = "") =>
        double.IsFinite(value) && double.IsFinite(halfWidth)
            ? $"{Number(value, decimals)} ± {Number(halfWidth, decimals)}{unit}"
            : Number(value, decimals) + (double.IsFinite(value) ? unit : "");

    private static string Number(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "–";

    private static string Percent(double ratio) =>
        double.IsFinite(ratio) ? (ratio * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "–";
}
