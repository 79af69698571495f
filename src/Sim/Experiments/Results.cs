using IommuSim.Kernel.Statistics;
using IommuSim.Model;
using IommuSim.Reporting;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Running;

namespace IommuSim.Experiments;

/// <summary>
/// What a run of a <see cref="Scenario"/> gave: the figures of <c>iommusim run</c>'s files as objects (the
/// summary per variant, the latency distributions, the IOMMU counters) and its report's charts, ready to draw
/// as images (<see cref="ChartImages"/>).
/// </summary>
public sealed class Results
{
    private readonly LoadedScenario _scenario;
    private readonly RunDistributions _distributions;
    private readonly Lazy<Report> _report;

    internal Results(LoadedScenario scenario, IReadOnlyList<RunResult> runs, RunDistributions distributions, IReadOnlyList<string> warnings)
    {
        _scenario = scenario;
        _distributions = distributions;
        Runs = runs;
        Warnings = warnings;
        var summaries = VariantSummary.Of(runs, distributions);
        Summary = new Table<SummaryRow>("summary", [.. summaries.Select(Row)]);
        Latency = new Table<LatencyRow>("latency", [.. scenario.Variants.SelectMany(v => distributions.MetricsOf(v.Name).Select(m => Row(v.Name, m)))]);
        Iommu = new Table<IommuRow>("iommu", [.. runs.SelectMany(r => r.IommuUnits.Select(u => IommuRow.Of(r, u)))]);
        _report = new Lazy<Report>(() => ScenarioReport.Of(scenario, runs, distributions, warnings));
    }

    /// <summary>The scenario's name.</summary>
    public string Name => _scenario.Variants[0].Spec.Name;

    /// <summary>The variants that ran, in order.</summary>
    public IReadOnlyList<string> Variants => [.. _scenario.Variants.Select(v => v.Name)];

    /// <summary>Every replication's result, variant by variant (their distributions merged into <see cref="Distribution"/>).</summary>
    public IReadOnlyList<RunResult> Runs { get; }

    /// <summary>One row per variant: throughput, IOTLB hit rate, latency and CPU, with 95% half-widths.</summary>
    public Table<SummaryRow> Summary { get; }

    /// <summary>Every latency distribution per variant, device and metric, merged over replications.</summary>
    public Table<LatencyRow> Latency { get; }

    /// <summary>Every IOMMU unit's counters per variant and replication (iommu.csv's columns).</summary>
    public Table<IommuRow> Iommu { get; }

    /// <summary>What the figures' reader should know: overridden values, runs too short or overloaded, wide intervals.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The summary row of <paramref name="variant"/>.</summary>
    /// <exception cref="ArgumentException">There is no such variant.</exception>
    public SummaryRow this[string variant] => Summary.FirstOrDefault(r => r.Variant == variant) ?? throw NoVariant(variant);

    /// <summary>
    /// The latency distribution of <paramref name="device"/> (<c>all</c>: every DMA) and <paramref name="metric"/>
    /// in <paramref name="variant"/>, merged over its replications, in picoseconds; empty when there is none.
    /// </summary>
    /// <exception cref="ArgumentException">There is no such variant.</exception>
    public LogLinearHistogram Distribution(string variant, string device = "all", string metric = "dma")
    {
        if (!_scenario.Variants.Any(v => v.Name == variant)) throw NoVariant(variant);
        return _distributions.Of(variant, device, metric);
    }

    /// <summary>The values <paramref name="variant"/>'s sweep point gave the swept paths; empty without a sweep.</summary>
    /// <exception cref="ArgumentException">There is no such variant.</exception>
    public IReadOnlyList<SweptValue> Swept(string variant) =>
        _scenario.Variants.FirstOrDefault(v => v.Name == variant)?.SweptValues ?? throw NoVariant(variant);

    /// <summary>The run's report: the same charts, in the same sections, as report.html.</summary>
    public Report Report => _report.Value;

    /// <summary>Every chart of the report, in report order.</summary>
    public IReadOnlyList<Chart> Charts => [.. Report.Charts];

    /// <summary>The chart with id <paramref name="id"/> (as report.html and <c>run --png</c> name them, e.g. <c>latency-cdf</c>).</summary>
    /// <exception cref="ArgumentException">No chart has that id.</exception>
    public Chart Chart(string id) =>
        Report.Charts.FirstOrDefault(c => c.Id == id)
        ?? throw new ArgumentException($"no chart '{id}'; expected one of {string.Join(", ", Report.Charts.Select(c => c.Id))}", nameof(id));

    /// <summary>The name, variants and replications.</summary>
    public override string ToString() => $"{Name}: {Variants.Count} variant(s), {Runs.Count} replication(s)";

    private ArgumentException NoVariant(string variant) =>
        new($"no variant '{variant}'; expected one of {string.Join(", ", Variants)}", nameof(variant));

    private static SummaryRow Row(VariantSummary s) => new(s.Variant, s.Replications, s.OfferedGbps, s.AchievedGbps, s.AchievedGbpsHalfWidth,
        s.IotlbHitRate, s.IotlbHitRateHalfWidth, s.LatMeanPs / 1000, s.LatMeanHalfWidthPs / 1000, s.LatP50Ps / 1000, s.LatP99Ps / 1000,
        s.LatP99HalfWidthPs / 1000, s.LatP999Ps / 1000, s.LatMaxPs / 1000, s.CpuMax, s.CpuBusy, s.PageWalks, s.IoPageFaults, s.Interrupts);

    private static LatencyRow Row(string variant, LatencyMetric m)
    {
        var h = m.Histogram;
        bool any = h.Count > 0;
        double P(double q) => any ? h.Percentile(q) / 1000.0 : double.NaN;
        return new LatencyRow(variant, m.Device, m.Metric, h.Count, h.Mean / 1000, P(0.5), P(0.9), P(0.99), P(0.999), any ? h.Max / 1000.0 : double.NaN);
    }
}
