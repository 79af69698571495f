using IommuSim.Kernel.Statistics;
using IommuSim.Model;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// One device's figures over a variant's replications: throughput (mean and 95% half-width), its pooled IOTLB
/// hit rate, the utilisation of the CPU its driver runs on, and its latency distributions merged.
/// </summary>
internal sealed record DeviceSummary
{
    public required string Device { get; init; }
    public required double OfferedGbps { get; init; }
    public required double AchievedGbps { get; init; }
    public required double AchievedGbpsHalfWidth { get; init; }
    public required double IotlbHitRate { get; init; }
    /// <summary>Utilisation of the device's CPU, mean over replications; NaN for a driver in a VM.</summary>
    public required double CpuUtil { get; init; }
    /// <summary>Latency figures in picoseconds; NaN when the metric has no samples.</summary>
    public required double LatMeanPs { get; init; }
    public required double LatP99Ps { get; init; }
    public required double InterruptMeanPs { get; init; }
    public required double CompletionMeanPs { get; init; }

    /// <summary>Per device, in scenario order, over <paramref name="runs"/> (one variant's replications).</summary>
    public static IReadOnlyList<DeviceSummary> Of(IReadOnlyList<RunResult> runs, RunDistributions distributions) =>
        runs[0].Devices.Select(d => Of(d.Device, runs, distributions)).ToList();

    private static DeviceSummary Of(string device, IReadOnlyList<RunResult> runs, RunDistributions distributions)
    {
        var variant = runs[0].Variant;
        var results = runs.Select(r => r.Devices.First(d => d.Device == device)).ToList();
        var achieved = results.Select(d => d.AchievedGbps).ToList();
        long hits = results.Sum(d => d.IotlbHits), lookups = hits + results.Sum(d => d.IotlbMisses);
        var dma = distributions.Of(variant, device, "dma");
        int cpu = results[0].Cpu;
        return new DeviceSummary
        {
            Device = device,
            OfferedGbps = results.Average(d => d.OfferedGbps),
            AchievedGbps = achieved.Average(),
            AchievedGbpsHalfWidth = VariantSummary.HalfWidth(achieved),
            IotlbHitRate = lookups == 0 ? double.NaN : (double)hits / lookups,
            CpuUtil = cpu < 0 ? double.NaN : runs.Average(r => r.Cpus[cpu].Utilisation),
            LatMeanPs = dma.Mean,
            LatP99Ps = dma.Count > 0 ? dma.Percentile(0.99) : double.NaN,
            InterruptMeanPs = distributions.Of(variant, device, "interrupt").Mean,
            CompletionMeanPs = distributions.Of(variant, device, "completion").Mean,
        };
    }
}
