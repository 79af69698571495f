using IommuSim.Kernel.Statistics;

namespace IommuSim.Model;

/// <summary>
/// One latency distribution of a run: a device's (or <c>all</c> devices') named metric, e.g.
/// <c>dma</c> (request to completion) or <c>translation</c> (IOMMU time), recorded in picoseconds.
/// </summary>
/// <param name="Device">Device name, or <c>all</c> for the run as a whole.</param>
/// <param name="Metric">Metric name (snake_case).</param>
/// <param name="Histogram">The distribution, in picoseconds.</param>
public sealed record LatencyMetric(string Device, string Metric, LogLinearHistogram Histogram);
