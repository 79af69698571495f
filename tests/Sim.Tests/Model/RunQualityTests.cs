using IommuSim.Devices.DmaStream;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Model;

/// <summary>The warnings that say a run's figures cannot be trusted as they are.</summary>
public class RunQualityTests
{
    private static ScenarioSpec Spec(string warmup, string duration, long bps, HostMode mode = HostMode.Lazy, string size = "4KiB",
        BufferMapping mapping = BufferMapping.PreMapped, int iotlbEntries = 116, int iotlbWays = 4) => new()
    {
        Run = new RunSpec { Warmup = SimTime.Parse(warmup), Duration = SimTime.Parse(duration) },
        Host = new HostSpec { Mode = mode },
        Platform = new PlatformSpec { Iommu = new IommuParams { Iotlb = new IotlbParams { Entries = iotlbEntries, Ways = iotlbWays } } },
        Devices =
        [
            new DmaStreamSpec
            {
                Name = "nic0", Rate = BitRate.FromBitsPerSecond(bps), Arrival = ArrivalProcess.Constant, Size = ByteSize.Parse(size),
                Buffers = 4096, BufferSize = ByteSize.Parse("4KiB"), Access = AccessPattern.Uniform, Mapping = mapping,
            },
        ],
    };

    private static IReadOnlyList<string> Warnings(ScenarioSpec spec, int replications = 1) =>
        RunQuality.Check(Enumerable.Range(0, replications).Select(r => ScenarioRunner.Run(spec, "x", r)).ToList());

    [Fact]
    public void A_warm_up_that_leaves_a_large_iotlb_filling_is_flagged()
    {
        // 10 Gbps of 4 KiB is 305 DMAs per millisecond, uniform over 4,096 pages: after a 1 ms warm-up a 1,024-entry
        // IOTLB holds about 300 entries; filling it takes some 1,200 misses (4,096 x ln(4096 / 3072)), 4 ms.
        var shortWarmup = Warnings(Spec("1ms", "20ms", 10_000_000_000, iotlbEntries: 1024));
        Assert.Contains(shortWarmup, w => w.StartsWith("warm-up (1ms) is too short: dmar0's IOTLB held", StringComparison.Ordinal)
                                          && w.Contains("of 1,024 entries", StringComparison.Ordinal));
        Assert.Empty(Warnings(Spec("20ms", "20ms", 10_000_000_000, iotlbEntries: 1024)));
    }

    [Fact]
    public void A_saturated_cpu_is_named_with_what_is_offered_and_what_it_can_serve()
    {
        // Strict per-request 1500 B at 10 Gbps: 833.3 k requests/s offered; one CPU serves one per 2,205 ns
        // (map, unmap, invalidation, interrupt), 453.5 k/s, and the backlog grows all the run.
        var warnings = Warnings(Spec("2ms", "10ms", 10_000_000_000, HostMode.Strict, size: "1500B", mapping: BufferMapping.PerRequest));
        Assert.Contains("cpu0 is saturated (offered 833.3 k requests/s, capacity 453.5 k/s: 2,205 ns of CPU per request); " +
                        "latency grows with run length", warnings);
        Assert.Contains(warnings, w => w.StartsWith("nic0's DMA latency grows through the run", StringComparison.Ordinal));
        // Below saturation (2 Gbps, 37% busy) nothing is flagged.
        Assert.Empty(Warnings(Spec("20ms", "20ms", 2_000_000_000, HostMode.Strict, size: "1500B", mapping: BufferMapping.PerRequest)));
    }

    [Fact]
    public void Too_few_completions_are_flagged()
    {
        // 1 Gbps of 4 KiB for 2 ms: 61 DMAs.
        var warnings = Warnings(Spec("1ms", "2ms", 1_000_000_000));
        Assert.Contains(warnings, w => w.StartsWith("only 61 DMAs completed in a replication (fewer than 1,000)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_confidence_interval_wider_than_five_percent_is_flagged()
    {
        // Two replications at 10 and 11 Gbps: mean 10.5, s = 0.707, t(0.975, 1) = 12.706, half-width
        // 12.706 x 0.707 / sqrt 2 = 6.35 = 60.5% of the mean. Hit rates 0.50 and 0.52: half-width 12.706 x 0.01414
        // / sqrt 2 = 0.127, 12.7 points.
        var a = Result(10, 0.50);
        var b = Result(11, 0.52);
        var warnings = RunQuality.Check([a, b]);
        Assert.Contains("the 95% confidence interval of the achieved throughput is ±60.5% of its mean over 2 replications: " +
                        "add replications or lengthen run.duration", warnings);
        Assert.Contains("the 95% confidence interval of the IOTLB hit rate is 51.0% ± 12.7% over 2 replications: " +
                        "add replications or lengthen run.duration", warnings);
        // 10.0 and 10.01: half-width 0.0635, 0.6%: fine.
        Assert.DoesNotContain(RunQuality.Check([Result(10, 0.5), Result(10.01, 0.5)]), w => w.Contains("confidence", StringComparison.Ordinal));
    }

    private static RunResult Result(double gbps, double hitRate)
    {
        var latency = new LogLinearHistogram();
        for (int i = 0; i < 5000; i++) latency.Record(100_000);
        var all = new LatencyMetric("all", "dma", latency);
        return new RunResult
        {
            Variant = "x", Replication = 0, Seed = 1, MeasuredTime = SimTime.FromMilliseconds(10), OfferedGbps = 10,
            AchievedGbps = gbps, DmaTransactions = 5000, IotlbHits = (long)(hitRate * 10_000), IotlbMisses = 10_000 - (long)(hitRate * 10_000),
            PageWalks = 0, IoPageFaults = 0, Interrupts = 0, CpuUtilisation = 0, Latency = all, Metrics = [all],
        };
    }
}

public class RunQualityFlushTests
{
    [Fact]
    public void An_iotlb_that_flushes_empty_is_not_mistaken_for_one_still_filling()
    {
        // Lazy per-request mapping empties the IOTLB at every flush-queue flush (every 255 unmaps), so its
        // occupancy swings between 0 and 116 whatever the warm-up: no warm-up warning.
        var spec = new ScenarioSpec
        {
            Run = new RunSpec { Warmup = SimTime.FromMilliseconds(20), Duration = SimTime.FromMilliseconds(20) },
            Devices =
            [
                new DmaStreamSpec
                {
                    Name = "nic0", Rate = BitRate.Parse("5Gbps"), Size = ByteSize.Parse("1500B"), Buffers = 1024,
                    BufferSize = ByteSize.Parse("2KiB"), Mapping = BufferMapping.PerRequest,
                },
            ],
        };
        var r = ScenarioRunner.Run(spec, "x", 0);
        Assert.True(r.IommuUnits.Single().LazyFullFlushes > 0);
        Assert.DoesNotContain(RunQuality.Check([r]), w => w.StartsWith("warm-up", StringComparison.Ordinal));

        // The same unit filling from 10 to 116 entries: flagged without invalidations, not with them.
        var filling = r.IommuUnits.Single() with
        {
            IotlbOccupancy = (10, 116),
            Invalidations = new long[Enum.GetValues<InvalidationKind>().Length],
        };
        Assert.Contains(RunQuality.Check([r with { IommuUnits = [filling] }]), w => w.StartsWith("warm-up", StringComparison.Ordinal));
        var flushed = filling with { Invalidations = [.. filling.Invalidations.Select((n, k) => k == (int)InvalidationKind.IotlbDomain ? 1L : n)] };
        Assert.DoesNotContain(RunQuality.Check([r with { IommuUnits = [flushed] }]), w => w.StartsWith("warm-up", StringComparison.Ordinal));
    }
}
