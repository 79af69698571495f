using IommuSim.Model;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// A figure <c>iommusim compare</c> weighs variants by, taken from each replication: the sample Welch's test compares.
/// </summary>
/// <param name="Key">The snake_case name, as in summary.csv and the JSON.</param>
/// <param name="Heading">The name the table shows.</param>
/// <param name="IsRatio">True for a ratio shown as a percentage.</param>
/// <param name="Of">The figure of one replication; NaN where the replication has none (no lookups, no DMA).</param>
internal sealed record KeyFigure(string Key, string Heading, bool IsRatio, Func<RunResult, double> Of)
{
    /// <summary>The figures compared, in table order: throughput, latency, translation, CPU.</summary>
    public static IReadOnlyList<KeyFigure> All { get; } =
    [
        new("achieved_gbps", "Achieved Gbps", false, r => r.AchievedGbps),
        new("lat_mean_ns", "Mean ns", false, r => r.Latency.Summary.Count == 0 ? double.NaN : r.Latency.Summary.Mean / 1000),
        new("lat_p99_ns", "p99 ns", false, r => r.Latency.Summary.Count == 0 ? double.NaN : r.Latency.Summary.P99 / 1000.0),
        new("iotlb_hit_rate", "IOTLB hit", true, r => r.IotlbHitRate),
        new("cpu_util_max", "CPU max", true, r => r.CpuMaxUtilisation),
    ];
}
