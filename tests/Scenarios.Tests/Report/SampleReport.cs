using IommuSim.Reporting;

namespace IommuSim.Scenarios.Tests.Reports;

/// <summary>
/// A report built by hand with one chart of each shape the renderer must draw, and text that must be escaped in
/// every place it lands (HTML, plotly's text, the figure's script).
/// </summary>
internal static class SampleReport
{
    /// <summary>A warning that would run script, and end the page's markup, if it were not escaped.</summary>
    public const string ScriptWarning = "<script>window.__injected = 1;</script> IOTLB \"hit\" rate & 'miss' rate < 3%";

    /// <summary>A chart title that would close the figure's script element if written raw into it.</summary>
    public const string ScriptTitle = "Latency </script><script>window.__injected2 = 1;</script> CDF";

    /// <summary>A series name plotly would read as bold markup, and $..$ as LaTeX, were it not escaped.</summary>
    public const string MarkupSeries = "<b>strict</b> $x$";

    public static readonly Chart Cdf = new("latency-cdf", ScriptTitle, ChartKind.Line,
        new ChartAxis("DMA latency", "ns", AxisScale.Log), new ChartAxis("Fraction of DMAs"),
        [
            new ChartSeries("lazy", [new(93, 0.25), new(120, 0.5), new(355, 0.9), new(1200, 0.99), new(10_000, 1)]),
            new ChartSeries(MarkupSeries, [new(93, 0.1), new(400, 0.6), new(2500, 1)]),
        ],
        Caption: "Read across: the fraction of DMAs done within a latency.");

    public static readonly Chart GroupedBars = new("mean latency", "Mean latency by variant", ChartKind.Bar,
        new ChartAxis("Variant"), new ChartAxis("Mean latency", "ns"),
        [
            new ChartSeries("eth0", [new(0, 355.4, "base", 0.5), new(1, 93, "passthrough", 0), new(2, 93, "hugepages", 0.1)]),
            new ChartSeries("nvme0", [new(0, 410, "base", 2.5), new(1, 101, "passthrough"), new(2, 99, "hugepages", 1.5)]),
        ],
        Caption: "Error bars are 95% confidence half-widths over replications.");

    public static readonly Chart StackedBars = new("latency-parts", "Where the time goes", ChartKind.StackedBar,
        new ChartAxis("Variant"), new ChartAxis("Latency", "ns"),
        [
            new ChartSeries("translation", [new(0, 262.4, "base"), new(1, 0, "passthrough")]),
            new ChartSeries("link", [new(0, 60, "base"), new(1, 60, "passthrough")]),
            new ChartSeries("memory", [new(0, 33, "base"), new(1, 33, "passthrough")]),
        ]);

    public static readonly Chart Sweep = new("throughput-sweep", "Achieved vs offered", ChartKind.Line,
        new ChartAxis("Offered", "Gbps"), new ChartAxis("Achieved", "Gbps"),
        [
            new ChartSeries("base", [new(10, 10.03, null, 0.06), new(25, 24.9, null, 0.1), new(50, 41.2, null, 0.8), new(100, 43.0, null, 1.1)]),
            new ChartSeries("hugepages", [new(10, 10.02, null, 0.05), new(25, 25.01, null, 0.07), new(50, 49.9, null, 0.2), new(100, 98.7, null, 0.9)]),
        ]);

    public static Report Build() => new("quickstart <test>", "What does strict mode cost a 10 Gbps NIC? \"Quotes\" & <tags>",
        [new ReportSetting("host.mode", "lazy"), new ReportSetting("devices.eth0.line_rate", "10Gbps")],
        [ScriptWarning, "Replications disagree: p99 spread > 10%"],
        [
            new ReportSection("Latency", [Cdf, StackedBars]),
            new ReportSection("Variants & sweeps", [GroupedBars, Sweep]),
        ]);

    /// <summary>Every chart of <see cref="Build"/>, in page order, with the element id the page gives it.</summary>
    public static readonly (Chart Chart, string ElementId)[] Charts =
    [
        (Cdf, "chart-latency-cdf"),
        (StackedBars, "chart-latency-parts"),
        (GroupedBars, "chart-mean-latency"),
        (Sweep, "chart-throughput-sweep"),
    ];
}
