using IommuSim.Devices.DmaStream;
using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Model;

/// <summary>The assembled system: host modes, mapping styles and what they do to the results.</summary>
public class SystemModelTests
{
    private static ScenarioSpec Scenario(HostMode mode, BufferMapping mapping, string rate = "2Gbps") => new()
    {
        Name = "t",
        Run = new RunSpec { Duration = SimTime.FromMilliseconds(12), Warmup = SimTime.FromMilliseconds(1) },
        Host = new HostSpec { Mode = mode },
        Devices =
        [
            new DmaStreamSpec
            {
                Name = "nic0", Rate = BitRate.Parse(rate), Size = ByteSize.Parse("1500B"), Buffers = 512,
                BufferSize = ByteSize.Parse("2KiB"), Access = AccessPattern.Sequential, Mapping = mapping,
            },
        ],
    };

    private static LatencyMetric? Metric(RunResult r, string name) => r.Metrics.FirstOrDefault(m => m.Metric == name);

    [Fact]
    public void Lazy_unmaps_leave_a_stale_window_and_strict_unmaps_leave_none()
    {
        var lazy = ScenarioRunner.Run(Scenario(HostMode.Lazy, BufferMapping.PerRequest), "lazy", 0);
        var strict = ScenarioRunner.Run(Scenario(HostMode.Strict, BufferMapping.PerRequest), "strict", 0);
        var lazyWindow = Metric(lazy, "stale_window")!.Histogram;
        var strictWindow = Metric(strict, "stale_window")!.Histogram;
        // 2 Gbps of 1500 B is 166,667 unmaps/s: the 256-entry flush queue fills every 1.5 ms, well before the
        // 10 ms timer, so an IOVA waits up to ~1.5 ms (plus the flush's invalidation) to become unreachable.
        Assert.True(lazyWindow.Count > 1000);
        Assert.InRange(lazyWindow.Max, SimTime.FromMicroseconds(1000).Picoseconds, SimTime.FromMicroseconds(2000).Picoseconds);
        // Strict: unmap returns only after the invalidation, so nothing stays reachable after it.
        Assert.True(strictWindow.Count > 1000);
        Assert.Equal(0, strictWindow.Max);
    }

    [Fact]
    public void Per_request_mapping_costs_cpu_and_pre_mapped_buffers_cost_only_their_interrupts()
    {
        var perRequest = ScenarioRunner.Run(Scenario(HostMode.Strict, BufferMapping.PerRequest), "x", 0);
        var preMapped = ScenarioRunner.Run(Scenario(HostMode.Strict, BufferMapping.PreMapped), "x", 0);
        // Strict, IOVA from the per-CPU cache: map 632 + unmap 872 + invalidation issue 1,560 + interrupt 1,000
        // cycles at 2.1 GHz = 1,935 ns, plus spinning on the IOTLB and wait descriptors (90 + 180 ns): 2,205 ns
        // per request at 166,667 requests/s (Poisson) is 36.8% of one CPU. Pre-mapped: the interrupt, 7.9%.
        Assert.InRange(perRequest.CpuUtilisation, 0.35, 0.385);
        Assert.InRange(preMapped.CpuUtilisation, 0.075, 0.083);
    }

    [Fact]
    public void Every_completed_dma_raises_one_interrupt()
    {
        var r = ScenarioRunner.Run(Scenario(HostMode.Lazy, BufferMapping.PreMapped), "x", 0);
        Assert.Equal(r.DmaTransactions, r.Interrupts);
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void Passthrough_and_off_translate_nothing()
    {
        foreach (var mode in new[] { HostMode.Passthrough, HostMode.Off })
        {
            var r = ScenarioRunner.Run(Scenario(mode, BufferMapping.PreMapped), "x", 0);
            Assert.Equal(0, r.PageWalks);
            Assert.Equal(0, r.IotlbHits + r.IotlbMisses);
            Assert.True(r.DmaTransactions > 1000);
        }
    }

    [Fact]
    public void Same_seed_same_results_and_replications_differ()
    {
        var spec = Scenario(HostMode.Lazy, BufferMapping.PerRequest);
        var a = ScenarioRunner.Run(spec, "x", 0);
        var b = ScenarioRunner.Run(spec, "x", 0);
        var c = ScenarioRunner.Run(spec, "x", 1);
        Assert.Equal(a.DmaTransactions, b.DmaTransactions);
        Assert.Equal(a.Latency.Histogram.Mean, b.Latency.Histogram.Mean);
        Assert.NotEqual(a.DmaTransactions, c.DmaTransactions);
    }
}

public class PageTableMemoryTests
{
    [Fact]
    public void Page_table_memory_counts_every_table_of_every_domain()
    {
        var spec = new ScenarioSpec
        {
            Run = new RunSpec { Duration = SimTime.FromMicroseconds(100), Warmup = SimTime.Zero },
            Devices =
            [
                new DmaStreamSpec
                {
                    Name = "nic0", Rate = BitRate.Parse("1Gbps"), Size = ByteSize.Parse("4KiB"), Buffers = 4096,
                    BufferSize = ByteSize.Parse("4KiB"),
                },
            ],
        };
        var r = ScenarioRunner.Run(spec, "x", 0);
        // 4096 chunks of 4 KiB are allocated top-down below 4 GiB (a PCI device tries 32-bit IOVAs first):
        // [0xFF000000, 0x100000000), 16 MiB, 2 MiB-aligned. Its tables: 8 last-level tables (one per 2 MiB),
        // 1 level-2, 1 level-3 and the root = 11. The generated root port is a group of its own with an
        // empty DMA domain: its root table = 1. 12 tables of 4 KiB.
        Assert.Equal(12 * 4096, r.PageTableBytes);
    }
}
