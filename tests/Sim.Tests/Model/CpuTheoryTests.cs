using IommuSim.Devices.DmaStream;
using IommuSim.Host;
using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Model;

/// <summary>
/// The host CPU as a server, checked against closed forms with deterministic arrivals: utilisation is the
/// arrival rate times the CPU time per request below saturation, throughput is the CPU bound above it, and
/// the lazy flush count follows from the 256-slot ring and the 10 ms timer whatever the arrival spacing.
/// </summary>
public class CpuTheoryTests
{
    // Default costs at 2.1 GHz: map 632 cycles, unmap 872, invalidation issue 1,560 (all ns = cycles / 2.1);
    // the IOTLB and wait descriptors the strict unmap spins on take 90 + 180 ns in the IOMMU.
    private const double MapNs = 632 / 2.1, UnmapNs = 872 / 2.1, WaitNs = 1560 / 2.1 + 90 + 180, InterruptNs = 1000 / 2.1;

    private static ScenarioSpec PerRequest(HostMode mode, long bitsPerSecond, SimTime duration, SimTime warmup, long interruptCycles = 1000) => new()
    {
        Run = new RunSpec { Duration = duration, Warmup = warmup },
        Host = new HostSpec { Mode = mode, Dma = new DmaApiParams { Costs = new DmaCostParams { InterruptCycles = interruptCycles } } },
        Devices =
        [
            new DmaStreamSpec
            {
                Name = "nic0", Rate = BitRate.FromBitsPerSecond(bitsPerSecond), Arrival = ArrivalProcess.Constant,
                Size = ByteSize.Parse("1500B"), Buffers = 1024, BufferSize = ByteSize.Parse("2KiB"), Mapping = BufferMapping.PerRequest,
            },
        ],
    };

    [Theory]
    [InlineData(1_000_000_000)]
    [InlineData(2_000_000_000)]
    [InlineData(4_000_000_000)]
    [InlineData(6_000_000_000)]
    public void Strict_cpu_utilisation_is_the_rate_times_map_unmap_and_invalidation_wait(long bps)
    {
        var r = ScenarioRunner.Run(PerRequest(HostMode.Strict, bps, SimTime.FromMilliseconds(20), SimTime.FromMilliseconds(2), interruptCycles: 0), "strict", 0);
        double rate = bps / (1500 * 8.0);
        double expected = rate * (MapNs + UnmapNs + WaitNs) * 1e-9;     // 0.144, 0.288, 0.576, 0.865
        Assert.Equal(expected, r.CpuUtilisation, expected * 0.01);
    }

    [Theory]
    [InlineData(HostMode.Strict, 3_000_000_000)]
    [InlineData(HostMode.Lazy, 3_000_000_000)]
    public void Interrupt_handlers_add_their_cycles_to_every_request(HostMode mode, long bps)
    {
        var r = ScenarioRunner.Run(PerRequest(mode, bps, SimTime.FromMilliseconds(20), SimTime.FromMilliseconds(2)), "x", 0);
        double rate = bps / (1500 * 8.0);
        // Lazy spins only on the flush of every 255th unmap (and the 10 ms timer's): 1/255 of a wait each.
        double wait = mode == HostMode.Strict ? WaitNs : WaitNs / 255;
        double expected = rate * (MapNs + UnmapNs + wait + InterruptNs) * 1e-9;
        Assert.Equal(expected, r.CpuUtilisation, expected * 0.01);
    }

    [Theory]
    [InlineData(10_000_000_000)]
    [InlineData(25_000_000_000)]
    public void Past_saturation_strict_throughput_is_the_cpu_bound(long bps)
    {
        var r = ScenarioRunner.Run(PerRequest(HostMode.Strict, bps, SimTime.FromMilliseconds(20), SimTime.FromMilliseconds(2)), "strict", 0);
        // One CPU serves one request per map + unmap + wait + interrupt = 2,205 ns: 1500 B / 2,205 ns = 5.44 Gbps,
        // however much more is offered.
        double bound = 1500 * 8 / (MapNs + UnmapNs + WaitNs + InterruptNs);
        Assert.Equal(bound, r.AchievedGbps, bound * 0.01);
        Assert.Equal(1.0, r.CpuUtilisation, 6);
    }

    [Fact]
    public void Past_saturation_lazy_throughput_is_its_cpu_bound()
    {
        var r = ScenarioRunner.Run(PerRequest(HostMode.Lazy, 25_000_000_000, SimTime.FromMilliseconds(20), SimTime.FromMilliseconds(2)), "lazy", 0);
        double bound = 1500 * 8 / (MapNs + UnmapNs + WaitNs / 255 + InterruptNs);   // 10.03 Gbps
        Assert.Equal(bound, r.AchievedGbps, bound * 0.01);
    }

    [Theory]
    [InlineData(9.97)]
    [InlineData(9.99)]
    [InlineData(10.01)]
    [InlineData(10.03)]
    [InlineData(10.05)]
    public void Lazy_flushes_follow_the_ring_and_the_timer_whatever_the_spacing(double spacingUs)
    {
        long bps = (long)Math.Round(1500 * 8 / (spacingUs * 1e-6));
        double t = 1500 * 8.0 / bps;                                  // the spacing the rate really gives, s
        // A timer cycle starts at the unmap that arms the timer and takes every unmap before it fires 10 ms later:
        // n = floor(10 ms / T) + 1 of them. The ring (256 slots, 255 entries) starts empty, so unmaps 256,
        // 511, 766, ... of the cycle find it full: floor((n - 256) / 255) + 1 full flushes when n >= 256.
        int n = (int)Math.Floor(0.010 / t) + 1;
        int fullPerCycle = n >= 256 ? (n - 256) / 255 + 1 : 0;
        // Ten cycles of n unmaps, then 100 unmaps more: no flush of the eleventh cycle yet.
        var duration = SimTime.FromSeconds(t * (10 * n + 100));
        var model = new SystemModel(PerRequest(HostMode.Lazy, bps, duration, SimTime.Zero), 0);
        model.Run("lazy");
        var queue = model.Dma.FlushQueueOf(model.Dma.TranslatedDomains.Single(d => model.Dma.FlushQueueOf(d)!.Queued > 0))!;
        Assert.Equal(3, fullPerCycle);                                 // n is about 1,000: far from a boundary
        Assert.Equal((10L * fullPerCycle, 10L), (queue.FullFlushes, queue.TimerFlushes));
    }
}
