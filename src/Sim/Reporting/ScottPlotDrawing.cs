using ScottPlot;

namespace IommuSim.Reporting;

/// <summary>
/// Draws a <see cref="Chart"/> on a ScottPlot <see cref="Plot"/>: lines with markers and error bars, grouped bars
/// with error bars, or stacked bars, category labels under bars, axis labels with units, log axes, a legend.
/// </summary>
internal static class ScottPlotDrawing
{
    // Up to this many points a line shows its markers: convention, a 200-point CDF would be a smear of dots.
    private const int MarkerPointLimit = 30;
    // Bars of one category fill this fraction of the space between categories: convention, a visible gap.
    private const double GroupWidth = 0.8;
    // A log axis cannot show an error bar reaching zero or below: it is drawn this many decades long instead.
    private const double OpenLowerDecades = 1;

    // Category labels are turned this many degrees when they would not fit side by side: convention, readable.
    private const float TurnedLabelDegrees = 45;
    // The width of a tick label's character, pixels, at ScottPlot's default 12 px font: convention, a sans-serif's average.
    private const float LabelCharacterWidth = 7;

    /// <summary>A plot showing <paramref name="chart"/>, laid out for an image <paramref name="width"/> pixels wide.</summary>
    internal static Plot Plot(Chart chart, int width)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var plot = new Plot();
        if (PlotFont.SansSerif is { } font) plot.Font.Set(font);
        plot.Title(chart.Title);
        plot.XLabel(chart.X.Label);
        plot.YLabel(chart.Y.Label);
        switch (chart.Kind)
        {
            case ChartKind.Line: Lines(plot, chart); break;
            case ChartKind.Bar: Bars(plot, chart); break;
            case ChartKind.StackedBar: StackedBars(plot, chart); break;
            default: throw new ArgumentOutOfRangeException(nameof(chart), chart.Kind, "Unknown chart kind.");
        }
        if (chart.Kind == ChartKind.Line && chart.X.Scale == AxisScale.Log) plot.Axes.Bottom.TickGenerator = LogAxisTicks.Generator();
        if (chart.Y.Scale == AxisScale.Log && chart.Kind == ChartKind.Line) plot.Axes.Left.TickGenerator = LogAxisTicks.Generator();
        if (chart.Kind != ChartKind.Line) CategoryTicks(plot, chart, width);
        // One series of bars needs no legend (the title names it); more go below the plot, clear of the data.
        if (chart.Series.Count > 1 || (chart.Kind == ChartKind.Line && chart.Series.Count == 1)) plot.ShowLegend(Edge.Bottom);
        else plot.HideLegend();
        return plot;
    }

    private static void Lines(Plot plot, Chart chart)
    {
        for (int s = 0; s < chart.Series.Count; s++)
        {
            var series = chart.Series[s];
            var color = plot.Add.Palette.GetColor(s);
            var xs = new List<double>();
            var ys = new List<double>();
            var up = new List<double>();
            var down = new List<double>();
            bool anyError = false;
            foreach (var p in series.Points)
            {
                double x = LogAxisTicks.Transform(p.X, chart.X.Scale), y = LogAxisTicks.Transform(p.Y, chart.Y.Scale);
                if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
                var (plus, minus) = ErrorOf(p, chart.Y.Scale);
                anyError |= plus > 0 || minus > 0;
                xs.Add(x);
                ys.Add(y);
                up.Add(plus);
                down.Add(minus);
            }
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), color);
            line.LegendText = series.Name;
            line.LineWidth = 2;
            line.MarkerSize = xs.Count <= MarkerPointLimit ? 6 : 0;
            if (!anyError) continue;
            var zeros = new double[xs.Count];
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, zeros, zeros, up, down) { Color = color };
            plot.Add.Plottable(bars);
        }
    }

    // The error bar's extent above and below the point in the axis's coordinates.
    private static (double Plus, double Minus) ErrorOf(ChartPoint p, AxisScale scale)
    {
        if (p.ErrorY is not { } e || !(e > 0) || !double.IsFinite(e)) return (0, 0);
        if (scale == AxisScale.Linear) return (e, e);
        double y = Math.Log10(p.Y);
        double minus = p.Y - e > 0 ? y - Math.Log10(p.Y - e) : OpenLowerDecades;
        return (Math.Log10(p.Y + e) - y, minus);
    }

    private static void Bars(Plot plot, Chart chart)
    {
        int count = chart.Series.Count;
        double width = GroupWidth / Math.Max(1, count);
        for (int s = 0; s < count; s++)
        {
            var color = plot.Add.Palette.GetColor(s);
            var bars = new List<Bar>();
            foreach (var p in chart.Series[s].Points)
            {
                if (!double.IsFinite(p.Y)) continue;
                double error = p.ErrorY is { } e && double.IsFinite(e) ? e : 0;
                bars.Add(new Bar
                {
                    Position = p.X - GroupWidth / 2 + (s + 0.5) * width, Value = p.Y, Size = width, Error = error,
                    FillColor = color,
                });
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = chart.Series[s].Name;
            plottable.Color = color;
        }
        plot.Axes.Margins(bottom: 0);
    }

    private static void StackedBars(Plot plot, Chart chart)
    {
        // Each category's running top, keyed by its X; series stack in their order.
        var tops = new Dictionary<double, double>();
        for (int s = 0; s < chart.Series.Count; s++)
        {
            var color = plot.Add.Palette.GetColor(s);
            var bars = new List<Bar>();
            foreach (var p in chart.Series[s].Points)
            {
                if (!double.IsFinite(p.Y)) continue;
                double bottom = tops.GetValueOrDefault(p.X);
                tops[p.X] = bottom + p.Y;
                bars.Add(new Bar { Position = p.X, ValueBase = bottom, Value = bottom + p.Y, Size = GroupWidth, FillColor = color });
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = chart.Series[s].Name;
            plottable.Color = color;
        }
        plot.Axes.Margins(bottom: 0);
    }

    // Bar charts label their categories (variants) under the bars rather than with numbers.
    private static void CategoryTicks(Plot plot, Chart chart, int width)
    {
        var positions = new List<double>();
        var labels = new List<string>();
        foreach (var series in chart.Series)
            foreach (var p in series.Points)
                if (p.Category is { } category && !positions.Contains(p.X))
                {
                    positions.Add(p.X);
                    labels.Add(category);
                }
        if (positions.Count == 0) return;
        plot.Axes.Bottom.SetTicks(positions.ToArray(), labels.ToArray());
        int characters = 0, longest = 0;
        foreach (string label in labels)
        {
            characters += label.Length + 2;
            longest = Math.Max(longest, label.Length);
        }
        if (characters * LabelCharacterWidth < width * 0.8) return;
        // Turned labels hang below the axis and to the right of their bar: make room for the longest both ways.
        var style = plot.Axes.Bottom.TickLabelStyle;
        style.Rotation = TurnedLabelDegrees;
        style.Alignment = Alignment.MiddleLeft;
        float extent = (float)(longest * LabelCharacterWidth * Math.Sin(TurnedLabelDegrees * Math.PI / 180));
        plot.Axes.Bottom.MinimumSize = extent + 40;
        plot.Axes.Right.MinimumSize = Math.Min(extent, width / 3f);
    }
}
