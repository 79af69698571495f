using System.Buffers.Binary;
using System.Xml.Linq;
using IommuSim.Reporting;

namespace IommuSim.Tests.Experiments;

/// <summary>A chart as a PNG of the asked size, an SVG document, and an HTML page holding that SVG and nothing to run.</summary>
public class ChartImagesTests
{
    // PNG specification, 5.2: the eight bytes every PNG datastream starts with.
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // A title with every character HTML must escape.
    private static readonly Chart Cdf = new("latency-cdf", "p99 < 1 µs & \"lazy\" > 'strict'", ChartKind.Line,
        new ChartAxis("DMA latency", "ns", AxisScale.Log), new ChartAxis("Cumulative fraction"),
        [new ChartSeries("lazy", [new(100, 0.1), new(1000, 0.9), new(10_000, 1)])]);

    [Theory]
    [InlineData(900, 500)]
    [InlineData(320, 240)]
    public void A_png_has_the_signature_and_the_asked_size_in_its_header(int width, int height)
    {
        byte[] png = Cdf.ToPng(width, height);
        Assert.Equal(PngSignature, png[..8]);
        // PNG specification, 11.2.2: the first chunk is IHDR (length 13), width then height as big-endian 32-bit integers.
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(8, 4)));
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public void An_svg_is_an_svg_document()
    {
        var svg = XDocument.Parse(Cdf.ToSvg(640, 360));
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root!.Name);
    }

    [Fact]
    public void The_html_page_holds_the_escaped_title_and_the_svg_and_no_script()
    {
        string html = Cdf.ToHtml(640, 360);
        Assert.StartsWith("<!DOCTYPE html>", html);
        // Escaped by hand: < > & " ' as HTML character references; WebUtility.HtmlEncode also writes ' and the
        // Latin-1 characters from U+00A0 (µ is U+00B5, 181) as numeric references.
        const string escaped = "p99 &lt; 1 &#181;s &amp; &quot;lazy&quot; &gt; &#39;strict&#39;";
        Assert.Contains($"<title>{escaped}</title>", html);
        Assert.Contains($">{escaped}</h1>", html);
        Assert.DoesNotContain("p99 < 1", html);
        Assert.Contains(Cdf.ToSvg(640, 360), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }
}
