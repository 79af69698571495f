namespace IommuSim.Reporting;

/// <summary>One axis of a chart: what it measures, in which unit, on which scale.</summary>
/// <param name="Title">What the axis shows, e.g. "DMA latency".</param>
/// <param name="Unit">The unit of its values, e.g. "ns", "Gbps", "%"; empty for a count or a category axis.</param>
/// <param name="Scale">Linear or logarithmic.</param>
public sealed record ChartAxis(string Title, string Unit = "", AxisScale Scale = AxisScale.Linear)
{
    /// <summary>The title with its unit, as an axis label shows it: "DMA latency (ns)".</summary>
    public string Label => Unit.Length == 0 ? Title : $"{Title} ({Unit})";
}
