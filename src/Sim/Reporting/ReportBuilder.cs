namespace IommuSim.Reporting;

/// <summary>
/// Defines a run's report from its results: what each chart shows (series, axes, units, scales), once, for every
/// renderer (the interactive HTML report, PNG and SVG images, notebooks). The same input gives the same report.
/// </summary>
/// <remarks>
/// Sections, each left out when it has no chart: <c>Latency</c> (the CDF of every DMA's latency per variant, and
/// of each device's headline latency when there are several devices), <c>Latency parts</c> (per device, a stacked
/// bar of its parts' means per variant), <c>Figures</c> (throughput, drops, IOTLB hit rate, busiest CPU, per
/// variant with 95% confidence intervals) and <c>Sweeps</c> (those figures and the p99 latency against each numeric
/// swept path).
/// </remarks>
public static class ReportBuilder
{
    /// <summary>The report of <paramref name="variants"/>, in their order.</summary>
    /// <param name="title">The scenario's name.</param>
    /// <param name="question">The scenario's description.</param>
    /// <param name="settings">Its key settings.</param>
    /// <param name="warnings">The run's warnings, one line each.</param>
    /// <param name="variants">Each variant's replications and merged distributions.</param>
    public static Report Build(string title, string question, IReadOnlyList<ReportSetting> settings, IReadOnlyList<string> warnings,
        IReadOnlyList<VariantRuns> variants)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentNullException.ThrowIfNull(variants);
        var ids = new ChartIds();
        var devices = DeviceHeadline.Of(variants);
        var sections = new List<ReportSection>();
        Add(sections, "Latency", LatencyCharts.Of(variants, devices, ids));
        Add(sections, "Latency parts", LatencyPartCharts.Of(variants, devices, ids));
        Add(sections, "Figures", FigureCharts.Of(variants, ids));
        Add(sections, "Sweeps", SweepCharts.Of(variants, ids));
        return new Report(title, question, settings, warnings, sections);
    }

    private static void Add(List<ReportSection> sections, string title, IReadOnlyList<Chart> charts)
    {
        if (charts.Count > 0) sections.Add(new ReportSection(title, charts));
    }
}
