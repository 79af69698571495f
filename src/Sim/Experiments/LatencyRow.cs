namespace IommuSim.Experiments;

/// <summary>
/// One latency distribution of a variant, merged over its replications: a device's (or <c>all</c>, every DMA's)
/// metric: <c>dma</c> (the whole DMA), its parts (<c>queue</c>, <c>map</c>, <c>translation</c>, <c>interrupt</c>,
/// <c>completion</c>, ...) or <c>stale_window</c> (how long unmapped IOVAs stayed reachable through stale IOTLB
/// entries). Nanoseconds; percentiles within the histogram's 0.4% relative error.
/// </summary>
/// <param name="Variant">The variant's name.</param>
/// <param name="Device">The device's name, or <c>all</c>.</param>
/// <param name="Metric">What is measured.</param>
/// <param name="Count">Samples.</param>
/// <param name="MeanNs">Mean (exact).</param>
/// <param name="P50Ns">Median.</param>
/// <param name="P90Ns">90th percentile.</param>
/// <param name="P99Ns">99th percentile.</param>
/// <param name="P999Ns">99.9th percentile.</param>
/// <param name="MaxNs">Largest (exact).</param>
public sealed record LatencyRow(string Variant, string Device, string Metric, long Count, double MeanNs, double P50Ns, double P90Ns,
    double P99Ns, double P999Ns, double MaxNs);
