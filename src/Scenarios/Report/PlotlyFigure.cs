using System.Globalization;
using IommuSim.Reporting;
using Microsoft.FSharp.Collections;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using Plotly.NET.TraceObjects;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace IommuSim.Scenarios.Reports;

/// <summary>
/// One chart of a report as a plotly.js figure (<c>{"data":[...],"layout":{...}}</c>), built with Plotly.NET: one
/// trace per series (lines with markers, or bars), axis titles with their units, log axes, error bars where points
/// have them, and grouped or stacked bars. The JSON holds no generated ids, so the same chart gives the same text.
/// </summary>
internal static class PlotlyFigure
{
    /// <summary>The plot's height in CSS pixels; its width follows the page.</summary>
    public const int Height = 440;

    /// <summary>The figure of <paramref name="chart"/> as JSON.</summary>
    public static string Json(IommuSim.Reporting.Chart chart)
    {
        var traces = new List<GenericChart>(chart.Series.Count);
        foreach (ChartSeries series in chart.Series)
            traces.Add(chart.Kind == ChartKind.Line ? Line(series) : Bars(series));
        GenericChart figure = traces.Count == 0
            ? GenericChart.ofTraceObjects(true, FSharpList<Trace>.Empty)
            : PlotlyChart.Combine(traces);

        bool bars = chart.Kind != ChartKind.Line;
        figure = figure
            .WithXAxisStyle<double, double, string>(TitleText: PlotlyText.Escape(chart.X.Label),
                AxisType: bars ? StyleParam.AxisType.Category : AxisType(chart.X.Scale))
            .WithYAxisStyle<double, double, string>(TitleText: PlotlyText.Escape(chart.Y.Label),
                AxisType: AxisType(chart.Y.Scale));

        Layout layout = GenericChart.getLayout(figure);
        // Plotly.NET fixes 600 x 600; the page's width is the reader's, so only the height is fixed.
        layout.RemoveProperty("width");
        // Plotly.NET's default template is 8 KB of styling per figure, and serialising it took 100-170 ms a chart;
        // plotly.js's own defaults draw the same axes, legends and bars.
        layout.RemoveProperty("template");
        layout.SetProperty("height", Height);
        layout.SetProperty("autosize", true);
        // The chart's title is the page's heading above the plot, so the top margin kept for a plot title goes.
        var margin = new Margin();
        margin.SetProperty("t", 24);
        margin.SetProperty("b", 56);
        margin.SetProperty("l", 72);
        margin.SetProperty("r", 24);
        layout.SetProperty("margin", margin);
        if (bars) layout.SetProperty("barmode", chart.Kind == ChartKind.StackedBar ? "stack" : "group");
        return GenericChart.toFigureJson(GenericChart.setLayout(layout, figure));
    }

    private static GenericChart Line(ChartSeries series)
    {
        int n = series.Points.Count;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = series.Points[i].X;
            y[i] = series.Points[i].Y;
        }
        var line = PlotlyChart.Line<double, double, string>(x, y, Name: PlotlyText.Escape(series.Name), ShowMarkers: true);
        return WithErrorBars(line, series);
    }

    private static GenericChart Bars(ChartSeries series)
    {
        int n = series.Points.Count;
        var categories = new string[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            ChartPoint point = series.Points[i];
            categories[i] = PlotlyText.Escape(point.Category ?? point.X.ToString("R", CultureInfo.InvariantCulture));
            y[i] = point.Y;
        }
        var bars = PlotlyChart.Column<double, string, string>(y, Keys: categories, Name: PlotlyText.Escape(series.Name));
        return WithErrorBars(bars, series);
    }

    /// <summary>
    /// Adds <c>error_y</c> (one half-width per point, null where a point has none, which plotly.js leaves without
    /// a bar) when any point of the series has one.
    /// </summary>
    private static GenericChart WithErrorBars(GenericChart single, ChartSeries series)
    {
        int n = series.Points.Count;
        var halfWidths = new double?[n];
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            halfWidths[i] = series.Points[i].ErrorY;
            any |= halfWidths[i] is not null;
        }
        if (!any) return single;
        var error = new Error();
        error.SetProperty("type", "data");
        error.SetProperty("symmetric", true);
        error.SetProperty("array", halfWidths);
        error.SetProperty("visible", true);
        // The chart is new and holds this one trace; Plotly.NET's traces are mutable property bags.
        foreach (Trace trace in GenericChart.getTraces(single)) trace.SetProperty("error_y", error);
        return single;
    }

    private static StyleParam.AxisType AxisType(AxisScale scale) =>
        scale == AxisScale.Log ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear;
}
