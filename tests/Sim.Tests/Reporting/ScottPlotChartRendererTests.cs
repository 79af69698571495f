using System.Buffers.Binary;
using System.Xml.Linq;
using IommuSim.Reporting;
using static IommuSim.Tests.Reporting.ReportFixtures;

namespace IommuSim.Tests.Reporting;

public class ScottPlotChartRendererTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // A CDF from 100 ns to 10 µs on a log axis, two variants.
    private static readonly Chart Cdf = new("latency-cdf", "DMA latency", ChartKind.Line, new ChartAxis("DMA latency", "ns", AxisScale.Log),
        new ChartAxis("Cumulative fraction"),
        [
            new ChartSeries("lazy-variant", [new(100, 0.1), new(1000, 0.9), new(10_000, 1)]),
            new ChartSeries("strict-variant", [new(200, 0.1), new(2000, 0.5), new(5000, 1)]),
        ]);

    private static readonly Chart Throughput = new("throughput", "Achieved throughput", ChartKind.Bar, new ChartAxis("Variant"),
        new ChartAxis("Achieved throughput", "Gbps"), [new ChartSeries("Achieved throughput", [new(0, 10, "lazy", 0.5), new(1, 5.4, "strict")])]);

    private static readonly Chart Parts = new("latency-parts-d0", "Latency parts of d0", ChartKind.StackedBar, new ChartAxis("Variant"),
        new ChartAxis("Mean latency", "ns"),
        [
            new ChartSeries("queue-part", [new(0, 50, "lazy"), new(1, 80, "strict")]),
            new ChartSeries("map-part", [new(0, 300, "lazy"), new(1, 300, "strict")]),
        ]);

    public static TheoryData<string> Charts() => ["cdf", "bar", "stacked"];

    private static Chart Named(string name) => name switch { "cdf" => Cdf, "bar" => Throughput, _ => Parts };

    [Theory]
    [MemberData(nameof(Charts))]
    public void A_png_has_the_png_signature_and_the_asked_size(string name)
    {
        byte[] png = ScottPlotChartRenderer.Png(Named(name), 640, 360);
        Assert.Equal(PngSignature, png[..8]);
        // The first chunk is IHDR (PNG spec 11.2.2): length, type, then width and height as big-endian 32-bit integers.
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(360, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        using var decoded = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((640, 360), (decoded.Width, decoded.Height));
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void The_same_chart_renders_to_the_same_bytes_twice(string name)
    {
        Assert.Equal(ScottPlotChartRenderer.Png(Named(name)), ScottPlotChartRenderer.Png(Named(name)));
        Assert.Equal(ScottPlotChartRenderer.Svg(Named(name)), ScottPlotChartRenderer.Svg(Named(name)));
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void An_svg_is_xml_naming_every_series_of_several_and_both_axes_with_units(string name)
    {
        var chart = Named(name);
        var texts = Texts(ScottPlotChartRenderer.Svg(chart, 700, 400));
        Assert.Contains(chart.X.Label, texts);
        Assert.Contains(chart.Y.Label, texts);
        Assert.Contains(chart.Title, texts);
        if (chart.Series.Count > 1)
            foreach (var series in chart.Series) Assert.Contains(series.Name, texts);
    }

    [Fact]
    public void Renumbering_the_svg_clip_paths_leaves_a_series_named_like_one_alone()
    {
        var chart = Cdf with { Series = [Cdf.Series[0] with { Name = "cl_1f" }, Cdf.Series[1]] };
        var svg = ScottPlotChartRenderer.Svg(chart);
        Assert.Contains("cl_1f", Texts(svg));
        Assert.Contains("url(#cl_0)", svg);
    }

    [Fact]
    public void A_log_axis_is_labelled_in_powers_of_ten_of_the_values()
    {
        var texts = Texts(ScottPlotChartRenderer.Svg(Cdf));
        Assert.Contains("100", texts);
        Assert.Contains("1,000", texts);
        Assert.Contains("10,000", texts);
        // Plotted as log10 values, a linear labelling would show the exponents 2 to 4 in steps, e.g. 2.5.
        Assert.DoesNotContain("2.5", texts);
    }

    [Fact]
    public void Bar_charts_label_their_categories_with_the_variants()
    {
        var texts = Texts(ScottPlotChartRenderer.Svg(Parts));
        Assert.Contains("lazy", texts);
        Assert.Contains("strict", texts);
    }

    [Fact]
    public void A_report_renders_one_png_per_chart_named_by_its_id()
    {
        var report = Build(
            Variant("lazy", Run("lazy", 0, 10, hits: 1, misses: 3, metrics: [("d0", "dma", [100L, 900L]), ("d0", "queue", [20L])])),
            Variant("strict", Run("strict", 0, 5, metrics: [("d0", "dma", [300L])])));
        var images = ScottPlotChartRenderer.Pngs(report, 300, 200);
        Assert.Equal(report.Charts.Select(c => c.Id + ".png"), images.Select(i => i.FileName));
        Assert.All(images, i => Assert.Equal(PngSignature, i.Bytes[..8]));
    }

    [Fact]
    public void A_size_that_is_not_positive_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScottPlotChartRenderer.Png(Cdf, 0, 100));

    // Every text element's content, trimmed: what the image shows as words.
    private static List<string> Texts(string svg) =>
        XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();
}
