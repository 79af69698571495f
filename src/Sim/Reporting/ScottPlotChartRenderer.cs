namespace IommuSim.Reporting;

/// <summary>
/// Draws charts as images with ScottPlot (for <c>run --png</c> and notebooks): PNG or SVG, from the same
/// <see cref="Chart"/> definitions the interactive report draws.
/// </summary>
/// <remarks>
/// Log axes of line charts plot log10 of the values (points at or below zero are left out) and label the powers of
/// ten; a bar chart's value axis is always linear, since a bar needs a zero to stand on. The same chart gives the same
/// PNG and SVG bytes on one machine; another machine's fonts or Skia build may draw text differently.
/// </remarks>
public static class ScottPlotChartRenderer
{
    /// <summary>The chart as a PNG image of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static byte[] Png(Chart chart, int width = 900, int height = 500)
    {
        CheckSize(width, height);
        return ScottPlotDrawing.Plot(chart, width).GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
    }

    /// <summary>The chart as an SVG document of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static string Svg(Chart chart, int width = 900, int height = 500)
    {
        CheckSize(width, height);
        return SvgClipIds.Renumber(ScottPlotDrawing.Plot(chart, width).GetSvgXml(width, height));
    }

    /// <summary>Every chart of <paramref name="report"/> as a PNG, in report order, each named <c>{chart id}.png</c>.</summary>
    public static IReadOnlyList<(string FileName, byte[] Bytes)> Pngs(Report report, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(report);
        var images = new List<(string, byte[])>();
        foreach (var chart in report.Charts) images.Add(($"{chart.Id}.png", Png(chart, width, height)));
        return images;
    }

    private static void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
    }
}
