namespace IommuSim.Reporting;

/// <summary>
/// What one chart shows, defined once from results and drawn by any renderer (interactive HTML, PNG, SVG):
/// its kind, axes with units and scales, and series of points. Holds data only; no renderer is referenced.
/// </summary>
/// <param name="Id">A name unique within a report, usable as a file or element name (e.g. <c>latency-cdf</c>).</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Kind">Lines or bars.</param>
/// <param name="X">The X axis.</param>
/// <param name="Y">The Y axis.</param>
/// <param name="Series">The series, in legend order.</param>
/// <param name="Caption">One sentence on how to read it; empty for none.</param>
public sealed record Chart(string Id, string Title, ChartKind Kind, ChartAxis X, ChartAxis Y, IReadOnlyList<ChartSeries> Series,
    string Caption = "")
{
    /// <summary>Every point of every series.</summary>
    public int PointCount => Series.Sum(s => s.Points.Count);
}
