using System.Net;

namespace IommuSim.Reporting;

/// <summary>
/// A chart drawn as an image with ScottPlot: PNG for notebooks (every front end and GitHub show it inline), SVG,
/// and a small HTML page holding the SVG, which a file-based app writes where a notebook displays.
/// </summary>
public static class ChartImages
{
    /// <summary>The chart as a PNG image of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static byte[] ToPng(this Chart chart, int width = 900, int height = 500) => ScottPlotChartRenderer.Png(chart, width, height);

    /// <summary>The chart as an SVG document.</summary>
    public static string ToSvg(this Chart chart, int width = 900, int height = 500) => ScottPlotChartRenderer.Svg(chart, width, height);

    /// <summary>A self-contained HTML page (no script, no network) with the chart's title and its SVG image.</summary>
    public static string ToHtml(this Chart chart, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(chart);
        string title = WebUtility.HtmlEncode(chart.Title);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
               $"<title>{title}</title>\n</head>\n<body>\n<h1 style=\"font: 600 18px sans-serif\">{title}</h1>\n" +
               ToSvg(chart, width, height) + "\n</body>\n</html>\n";
    }
}
