using IommuSim.Devices.DmaStream;
using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Model;

/// <summary>
/// What a run exposes, checked against closed forms: Little's law from the in-flight average, latency parts
/// that add up, IOMMU counters that follow from the workload, and the CPU cost of bounce copies.
/// </summary>
public class OutputTheoryTests
{
    private static ScenarioSpec Spec(HostMode mode, BufferMapping mapping, long bps, string size = "1500B", int buffers = 1024,
        AccessPattern access = AccessPattern.Sequential, ArrivalProcess arrival = ArrivalProcess.Constant, int cpus = 1) => new()
    {
        Run = new RunSpec { Duration = SimTime.FromMilliseconds(20), Warmup = SimTime.FromMilliseconds(5) },
        Host = new HostSpec { Mode = mode, Cpus = cpus },
        Devices =
        [
            new DmaStreamSpec
            {
                Name = "nic0", Rate = BitRate.FromBitsPerSecond(bps), Arrival = arrival, Size = ByteSize.Parse(size),
                Buffers = buffers, BufferSize = ByteSize.Parse("4KiB"), Mapping = mapping, Access = access,
            },
        ],
    };

    private static LatencyMetric Metric(RunResult r, string name) => r.Metrics.Single(m => m.Device == "nic0" && m.Metric == name);

    [Theory]
    [InlineData(HostMode.Strict, BufferMapping.PerRequest, 4_000_000_000L)]
    [InlineData(HostMode.Lazy, BufferMapping.PerRequest, 8_000_000_000L)]
    [InlineData(HostMode.Lazy, BufferMapping.PreMapped, 20_000_000_000L)]
    public void Requests_in_flight_obey_littles_law(HostMode mode, BufferMapping mapping, long bps)
    {
        var r = ScenarioRunner.Run(Spec(mode, mapping, bps, arrival: ArrivalProcess.Poisson), "x", 0);
        var d = r.Devices.Single();
        // L = lambda W: completions per second times the mean time from arrival to data in memory.
        double lambda = d.Completed / r.MeasuredTime.TotalSeconds;
        double w = Metric(r, "dma").Histogram.Mean * 1e-12;
        Assert.Equal(lambda * w, d.MeanInFlight, lambda * w * 0.02);
    }

    [Theory]
    [InlineData(HostMode.Strict, 4_000_000_000L)]
    [InlineData(HostMode.Lazy, 8_000_000_000L)]
    public void The_parts_of_dma_latency_add_up_to_it(HostMode mode, long bps)
    {
        var r = ScenarioRunner.Run(Spec(mode, BufferMapping.PerRequest, bps, arrival: ArrivalProcess.Poisson), "x", 0);
        double dma = Metric(r, "dma").Histogram.Mean;
        double parts = Metric(r, "queue").Histogram.Mean + Metric(r, "map").Histogram.Mean + Metric(r, "translation").Histogram.Mean
                       + new MemoryParams().DramLatency.Picoseconds;
        Assert.Equal(dma, parts, dma * 0.005);
        // The map part is the map call: 632 cycles at 2.1 GHz (IOVAs from the per-CPU cache).
        Assert.Equal(632 / 2.1 * 1000, Metric(r, "map").Histogram.Mean, 1.0);
    }

    [Fact]
    public void A_strict_unmap_is_one_leaf_only_page_invalidation_and_one_wait_and_a_miss_reads_three_levels()
    {
        var r = ScenarioRunner.Run(Spec(HostMode.Strict, BufferMapping.PerRequest, 2_000_000_000L), "strict", 0);
        var u = r.IommuUnits.Single();
        var d = r.Devices.Single();
        // 2 Gbps of 1500 B for 20 ms: 3,333 requests, each unmapped once (one more or less at the window's edges).
        Assert.InRange(u.StrictSyncs, 3332, 3335);
        Assert.InRange(u.InvalidationsOf(InvalidationKind.IotlbPage) - u.StrictSyncs, -1, 1);
        Assert.InRange(u.InvalidationsOf(InvalidationKind.Wait) - u.StrictSyncs, -1, 1);
        Assert.Equal(0, u.InvalidationsOf(InvalidationKind.IotlbDomain));
        // Every request maps a fresh IOVA whose translation the strict flush removed: each of its pieces misses
        // and walks; with only level 4 cached a walk reads levels 3, 2 and 1.
        Assert.Equal(u.IotlbMisses, u.Walks + u.SharedWalks);
        Assert.Equal(3.0, u.ReadsPerWalk);
        Assert.Equal(u.Walks, u.WalkCacheHits[4]);
        Assert.Equal(d.IotlbMisses, u.IotlbMisses);
        Assert.Equal((0L, 0L), (u.LazyFullFlushes, u.LazyTimerFlushes));
        Assert.InRange(u.IovaRcacheAllocations - u.StrictSyncs, -2, 2);
    }

    [Fact]
    public void Uniform_access_over_w_pages_hits_the_iotlb_n_over_w_of_the_time()
    {
        // 116-entry IOTLB (29 sets of 4), uniform reads over 4096 pre-mapped pages: hit rate 116/4096 = 2.83%.
        var spec = Spec(HostMode.Lazy, BufferMapping.PreMapped, 40_000_000_000L, size: "4KiB", buffers: 4096, access: AccessPattern.Uniform);
        var r = ScenarioRunner.Run(spec with { Run = spec.Run with { Duration = SimTime.FromMilliseconds(100), Warmup = SimTime.FromMilliseconds(5) } }, "x", 0);
        double p = 116.0 / 4096, n = r.IotlbHits + r.IotlbMisses;
        Assert.Equal(p, r.IotlbHitRate, 4 * Math.Sqrt(p * (1 - p) / n));
    }

    [Fact]
    public void A_bounced_premapped_buffer_costs_its_copy_out_on_every_completion()
    {
        // swiotlb=force, pre-mapped 4 KiB receive buffers at 2 Gbps = 61,035 requests/s. Each completion: the
        // interrupt handler (1,000 cycles) and dma_sync_single_for_cpu's copy of 4096 B at 4 B/cycle (1,024
        // cycles): 2,024 cycles = 963.8 ns of CPU. Latency from data to driver: MSI delivery 17 ns + 963.8 ns.
        var r = ScenarioRunner.Run(Spec(HostMode.Swiotlb, BufferMapping.PreMapped, 2_000_000_000L, size: "4KiB"), "x", 0);
        double rate = 2e9 / 32768;
        var cpu = r.Cpus.Single();
        Assert.Equal(rate * 1024 / 2.1e9, cpu.WorkOf(CpuWork.BounceCopy).TotalSeconds / r.MeasuredTime.TotalSeconds, 0.0005);
        Assert.Equal(rate * 2024 / 2.1e9, r.CpuUtilisation, 0.001);
        Assert.Equal(17 + 2024 / 2.1, Metric(r, "completion").Histogram.Mean / 1000, 0.5);
    }

    [Fact]
    public void Busy_cpus_and_the_busiest_cpu_show_a_one_cpu_bottleneck_the_mean_hides()
    {
        // Strict per-request at 10 Gbps saturates CPU 0; host.cpus = 2 leaves CPU 1 idle.
        var r = ScenarioRunner.Run(Spec(HostMode.Strict, BufferMapping.PerRequest, 10_000_000_000L, cpus: 2), "x", 0);
        Assert.Equal(1.0, r.CpuMaxUtilisation, 6);
        Assert.Equal(1.0, r.CpuBusy, 6);
        Assert.Equal(0.5, r.CpuUtilisation, 6);
        Assert.Equal([1.0, 0.0], r.Cpus.Select(c => Math.Round(c.Utilisation, 6)));
        // The busy time by kind adds up to the busy time.
        var c0 = r.Cpus[0];
        double byKind = Enum.GetValues<CpuWork>().Sum(k => c0.WorkOf(k).TotalSeconds) / r.MeasuredTime.TotalSeconds;
        Assert.Equal(c0.Utilisation, byKind, 0.001);
    }
}
