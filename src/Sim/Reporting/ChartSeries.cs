namespace IommuSim.Reporting;

/// <summary>One series of a chart: a name for the legend and its points.</summary>
/// <param name="Name">The legend's name, e.g. a variant or a device.</param>
/// <param name="Points">The points, in drawing order.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);
