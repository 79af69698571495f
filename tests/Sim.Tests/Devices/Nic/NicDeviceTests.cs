using IommuSim.Devices.Nic;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Pcie;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Devices.Nic;

/// <summary>
/// The NIC end to end: a frame's latency at low load summed by hand from the path's fixed latencies; line rate when
/// nothing limits it; the PCIe and root-port bounds past saturation, computed by hand; page_pool's mapping counts.
/// </summary>
public class NicDeviceTests
{
    private static readonly PcieLinkParams Gen3x8 = new();

    private static long Wire(long bytes, PcieLinkParams link) =>
        (long)Math.Ceiling(bytes * 8e12 / new LinkBandwidth(link).TlpLayer.BitsPerSecond);

    private static ScenarioSpec Scenario(NicSpec nic, HostMode mode = HostMode.Off, int cpus = 8, SimTime? duration = null,
        RootComplexParams? rootComplex = null) => new()
    {
        Run = new RunSpec { Duration = duration ?? SimTime.FromMilliseconds(4), Warmup = SimTime.FromMilliseconds(1), Seed = 3 },
        Host = new HostSpec { Mode = mode, Cpus = cpus, Intremap = mode != HostMode.Off },
        Platform = new PlatformSpec { RootComplex = rootComplex ?? new RootComplexParams() },
        Devices = [nic],
    };

    private static NicSpec Nic(int gbps, int frame, double load = 1.0) => new()
    {
        Name = "eth0",
        LineRate = BitRate.FromGbps(gbps),
        Traffic = new TrafficParams { Pattern = TrafficPattern.Constant, Load = load, Size = ByteSize.FromBytes(frame) },
    };

    private static (RunResult Result, NicDevice Nic, SystemModel Model) Run(ScenarioSpec spec)
    {
        var model = new SystemModel(spec, 0);
        var result = model.Run("base");
        return (result, (NicDevice)model.Devices[0], model);
    }

    private static double Figure(RunResult r, string name) => r.Devices[0].Figures.Single(f => f.Name == name).Value;

    [Fact]
    public void At_very_low_load_a_frame_takes_the_sum_of_the_paths_fixed_latencies()
    {
        var nic = Nic(10, 1514, load: 1e-3) with { Queues = 1, RssTable = 1, RingSize = 64, PoolSize = 64, RxUsecs = SimTime.Zero, WritebackBatch = 1 };
        var (result, device, _) = Run(Scenario(nic, duration: SimTime.FromMilliseconds(20)));
        Assert.True(device.FrameLatency.Count >= 10);
        long l = Gen3x8.Latency.Picoseconds, w = new RootComplexParams().MemoryWriteLatency.Picoseconds;
        // Buffers above 4 GiB: 4DW headers, 24 B per TLP. The frame is 6 TLPs (5 x 256 B + 234 B): 1514 + 144 = 1658 B;
        // its write-back, 16 + 24 = 40 B, follows on the link and retires after it; the MSI (4 + 20 B, below 4 GiB) is
        // ordered behind both, so it reaches the root complex when the write-back retires.
        long inMemory = Wire(1658, Gen3x8) + l + w;
        long visible = Wire(1698, Gen3x8) + l + w;
        long delivery = new InterruptRemappingParams().DeliveryLatency.Picoseconds;     // a compatibility-format MSI
        long handler = (long)Math.Round(1000 / 2.1 * 1000), frame = (long)Math.Round(750 / 2.1 * 1000);
        Assert.Equal(inMemory, device.MemoryLatency.Max);
        Assert.Equal(inMemory, device.MemoryLatency.Min);
        // The poll starts once the hard interrupt handler has scheduled it.
        Assert.Equal(visible - inMemory + delivery + handler, device.NotifyLatency.Max);
        Assert.Equal(frame, device.DriverLatency.Max);
        Assert.Equal(visible + delivery + handler + frame, device.FrameLatency.Min);
        Assert.Equal(visible + delivery + handler + frame, device.FrameLatency.Max);
        Assert.Equal(0, result.Devices[0].Aborted);
    }

    [Theory]
    [InlineData(10, 60)]
    [InlineData(25, 60)]
    [InlineData(100, 60)]
    [InlineData(10, 1514)]
    [InlineData(25, 1514)]
    [InlineData(100, 1514)]
    public void With_nothing_else_limiting_achieved_throughput_is_the_line_rate(int gbps, int frame)
    {
        // Wide link, cheap driver: 64 B frames (60 B without FCS) take 84 B on the wire, 1514 B frames 1538 B. A short
        // coalescing time keeps the frames still on their way at the window's ends few.
        var nic = Nic(gbps, frame) with
        {
            Pcie = new PcieLinkParams { Generation = 4, Lanes = 16 }, RxPacketCycles = 20, RxUsecs = SimTime.FromMicroseconds(5),
        };
        var (result, _, _) = Run(Scenario(nic, duration: SimTime.FromMilliseconds(2)));
        double framesPerSecond = gbps * 1e9 / ((frame + 24) * 8.0);
        Assert.InRange(result.Devices[0].AchievedGbps / (framesPerSecond * frame * 8 / 1e9), 0.995, 1.005);
        Assert.Equal(0, result.Devices[0].Aborted);
        Assert.InRange(Figure(result, "frames_per_s") / framesPerSecond, 0.995, 1.005);
    }

    [Fact]
    public void Past_the_link_bound_frames_drop_and_throughput_settles_at_the_bound()
    {
        // 100 GbE into a Gen3 x4 link: per frame 1514 B in 6 TLPs of 24 B overhead, an eighth of an 8-descriptor
        // write-back (128 + 24 B) and a fortieth of a descriptor fetch request (24 B) go upstream.
        var link = new PcieLinkParams { Lanes = 4 };
        var nic = Nic(100, 1514) with { Pcie = link };
        var (result, _, _) = Run(Scenario(nic));
        double perFrame = 1514 + 6 * 24 + 152 / 8.0 + 24 / 40.0;
        double bound = new LinkBandwidth(link).TlpLayer.BitsPerSecond / 1e9 * 1514 / perFrame;
        Assert.InRange(result.Devices[0].AchievedGbps / bound, 0.99, 1.005);
        Assert.True(Figure(result, "drops_fifo") > 0);
        Assert.InRange(Figure(result, "pcie_up_util"), 0.99, 1.0);
    }

    [Fact]
    public void Four_KiB_pool_pages_hit_the_IOTLB_wall_that_2_MiB_pages_avoid()
    {
        // 32 queues x 1024 pages of 4 KiB cycle through 128 MiB: every frame's page misses the IOTLB. Its TLPs hold 24
        // lines of the 92-line root-port buffer for the walk (lookup 3 ns + 3 reads of 90 ns = 273 ns) and the 300 ns
        // memory write, bounding frames at 92 / (24 x 573 ns) = 6.69 M/s, 81.0 Gbps of 1514 B frames. The TLPs after a
        // frame's first arrive up to 5 x 280 B later and wait less for the walk, so the bound with the walk shortened
        // by that much is the other side: the result lies between.
        var link = new PcieLinkParams { Generation = 4, Lanes = 16 };
        var nic = Nic(100, 1514) with { Queues = 32, RssTable = 128, Pcie = link };
        var small = Run(Scenario(nic, HostMode.Lazy, cpus: 32)).Result;
        var huge = Run(Scenario(nic with { PageSize = ByteSize.FromMiB(2) }, HostMode.Lazy, cpus: 32)).Result;
        double Bound(double holdingNs) => 92 / (24 * holdingNs * 1e-9) * 1514 * 8 / 1e9;
        double offset = 5 * Wire(280, link) / 1000.0;
        Assert.InRange(small.Devices[0].AchievedGbps, Bound(573) * 0.99, Bound(573 - offset / 2) * 1.01);
        Assert.True(Figure(small, "drops_fifo") > 0);
        // A MiB holds 1,048,576 / 1514 = 692.6 frames, each a miss; the descriptor ring's pages are evicted between
        // uses too, so each write-back of 8 and each fetch of 40 descriptors misses as well: 692.6 x (1 + 1/8 + 1/40).
        Assert.InRange(Figure(small, "iotlb_misses_per_mib"), 796.5 * 0.98, 796.5 * 1.01);
        double line = 100 * 1514 / 1538.0;
        Assert.InRange(huge.Devices[0].AchievedGbps / line, 0.995, 1.005);
        // With 2 MiB pages the 32 queues' pools take 64 IOTLB entries; the misses left are the rings' 128 pages of 4 KiB,
        // which with them exceed the 116 entries: far fewer than one per frame.
        Assert.True(Figure(huge, "iotlb_misses_per_mib") < Figure(small, "iotlb_misses_per_mib") / 100);
        Assert.Equal(0, huge.Devices[0].Aborted);
    }

    [Theory]
    [InlineData(4096, 1024)]       // a map per page
    [InlineData(2 << 20, 2)]       // 1024 pages of 4 KiB in two huge pages
    public void A_page_pool_maps_each_page_once_while_per_packet_buffers_map_every_frame(int pageSize, int mapsPerQueue)
    {
        var nic = Nic(10, 1514, load: 0.5) with { Queues = 2, PageSize = ByteSize.FromBytes(pageSize) };
        var model = new SystemModel(Scenario(nic, HostMode.Lazy), 0);
        // Setup: each queue's pool, and its descriptor ring in one coherent mapping.
        Assert.Equal(2 * (mapsPerQueue + 1), model.Dma.MapCalls);
        var result = model.Run("base");
        Assert.Equal(0, model.Dma.MapCalls);
        Assert.Equal(0, model.Dma.UnmapCalls);
        Assert.True(result.Devices[0].Completed > 1000);

        var perPacket = new SystemModel(Scenario(nic with { RxBuffers = RxBuffering.PerPacket }, HostMode.Lazy), 0);
        Assert.Equal(2 * (1023 + 1), perPacket.Dma.MapCalls);
        var counted = perPacket.Run("base").Devices[0];
        // Every frame processed is unmapped and its descriptor refilled with a new mapping.
        Assert.InRange(perPacket.Dma.UnmapCalls, counted.Completed, counted.Completed + 2 * 64);
        Assert.InRange(perPacket.Dma.MapCalls, counted.Completed - 2 * 64, counted.Completed + 2 * 64);
    }

    [Fact]
    public void Sent_frames_go_at_the_line_rate_and_map_their_linear_part_and_fragment_each()
    {
        // 1514 B frames from the host at 10 GbE: 812,744 frames/s on the wire; each is a 66 B linear part and one
        // 1448 B fragment, two maps and two unmaps.
        var nic = Nic(10, 1514) with { Direction = NicDirection.Tx };
        var model = new SystemModel(Scenario(nic, HostMode.Lazy), 0);
        var result = model.Run("base");
        var d = result.Devices[0];
        double framesPerSecond = 10e9 / (1538 * 8.0);
        Assert.InRange(d.AchievedGbps / (framesPerSecond * 1514 * 8 / 1e9), 0.995, 1.005);
        Assert.InRange(Figure(result, "tx_frames_per_s") / framesPerSecond, 0.995, 1.005);
        Assert.Equal(0, d.Aborted);
        // Frames in flight at the window's ends (at most a ring's worth) blur the counts a little.
        Assert.InRange(model.Dma.MapCalls, 2 * d.Completed - 2 * 1024, 2 * d.Completed + 2 * 1024);
        Assert.InRange(model.Dma.UnmapCalls, 2 * d.Completed - 2 * 1024, 2 * d.Completed + 2 * 1024);
        Assert.True(d.IotlbMisses > 0);
    }

    [Fact]
    public void Received_traffic_with_acks_sends_one_mapped_and_unmapped_ack_per_two_frames()
    {
        var nic = Nic(10, 1514, load: 0.5) with { AckEvery = 2, Queues = 2 };
        var model = new SystemModel(Scenario(nic, HostMode.Strict), 0);
        var result = model.Run("base");
        var d = result.Devices[0];
        double acks = Figure(result, "acks");
        Assert.InRange(acks, d.Completed / 2.0 - 2, d.Completed / 2.0 + 2);
        // page_pool maps nothing while running: every map is an ACK's (66 B, all linear), and strict mode unmaps each.
        Assert.InRange(model.Dma.MapCalls, acks - 1, acks);
        Assert.InRange(model.Dma.UnmapCalls, acks - 2 * 64, acks);
        Assert.Equal(model.Dma.UnmapCalls, model.Dma.StrictInvalidations);
        // ACKs are not offered traffic: achieved is the received frames' payload alone.
        Assert.InRange(d.AchievedGbps / (10 * 0.5 * 1514 / 1538.0), 0.98, 1.02);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        var nic = Nic(25, 1514, load: 0.9) with { Traffic = new TrafficParams { Sizes = FrameSizeMix.Imix, Load = 0.9 } };
        var a = Run(Scenario(nic, HostMode.Strict)).Result.Devices[0];
        var b = Run(Scenario(nic, HostMode.Strict)).Result.Devices[0];
        Assert.Equal(a.Completed, b.Completed);
        Assert.Equal(a.IotlbMisses, b.IotlbMisses);
        Assert.Equal(a.Figures, b.Figures);
    }
}
