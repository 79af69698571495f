using IommuSim.Devices.DmaStream;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Platform;

namespace IommuSim.Scenarios.Tests;

/// <summary>
/// Stands in for the model: results that depend on the spec (seed, duration, rate, size, memory
/// latency, host mode) and the replication, so that an output that lost or mixed up a value differs.
/// </summary>
internal static class FakeRunner
{
    public static RunResult Run(ScenarioSpec spec, string variant, int replication, IProgress<SimTime>? progress, CancellationToken cancellationToken)
    {
        var device = (DmaStreamSpec)spec.Devices[0];
        ulong seed = spec.Run.Seed + 1000UL * (ulong)replication;
        int n = 50 + (int)(seed % 50);
        var dma = new LogLinearHistogram();
        var translation = new LogLinearHistogram();
        long floor = spec.Platform.Memory.DramLatency.Picoseconds + device.Size.Bytes;
        ulong x = seed;
        for (int i = 0; i < n; i++)
        {
            x = unchecked(x * 6364136223846793005UL + 1442695040888963407UL);
            long extra = (long)(x >> 44);
            dma.Record(floor + extra);
            translation.Record(extra / 3);
        }
        progress?.Report(spec.Run.Warmup + spec.Run.Duration);
        bool translated = spec.Host.Mode is HostMode.Lazy or HostMode.Strict;
        var latency = new LatencyMetric("all", "dma", dma);
        return new RunResult
        {
            Variant = variant,
            Replication = replication,
            Seed = seed,
            MeasuredTime = spec.Run.Duration,
            OfferedGbps = device.Rate.Gbps,
            AchievedGbps = device.Rate.Gbps * (0.95 + replication / 100.0),
            DmaTransactions = n,
            IotlbHits = translated ? 3 * n : 0,
            IotlbMisses = translated ? n : 0,
            PageWalks = translated ? n : 0,
            IoPageFaults = 0,
            Interrupts = n / 4,
            CpuUtilisation = 0.125,
            Latency = latency,
            Metrics = [latency, new LatencyMetric(device.Name, "dma", dma), new LatencyMetric(device.Name, "translation", translation)],
            Warnings = translated ? [] : ["no translation: the IOMMU is bypassed"],
        };
    }
}
