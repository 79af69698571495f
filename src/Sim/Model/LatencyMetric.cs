using IommuSim.Kernel.Statistics;

namespace IommuSim.Model;

/// <summary>
/// One latency distribution of a run: a device's (or <c>all</c> devices') named metric, e.g.
/// <c>dma</c> (request to completion) or <c>translation</c> (IOMMU time), recorded in picoseconds.
/// </summary>
/// <param name="Device">Device name, or <c>all</c> for the run as a whole.</param>
/// <param name="Metric">Metric name (snake_case).</param>
/// <param name="Histogram">The distribution, in picoseconds; empty once dropped (see <see cref="HasDistribution"/>).</param>
public sealed record LatencyMetric(string Device, string Metric, LogLinearHistogram Histogram)
{
    /// <summary>The distribution's figures, taken when the metric was made; they stay when the distribution is dropped.</summary>
    public LatencySummary Summary { get; init; } = LatencySummary.Of(Histogram);

    /// <summary>False once <see cref="WithoutDistribution"/> has replaced the histogram by an empty one.</summary>
    public bool HasDistribution { get; init; } = true;

    /// <summary>The same metric with its figures but without its histogram.</summary>
    public LatencyMetric WithoutDistribution() => this with { Histogram = new LogLinearHistogram(), HasDistribution = false };
}
