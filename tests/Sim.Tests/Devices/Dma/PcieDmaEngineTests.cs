using IommuSim.Devices;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Pcie;
using IommuSim.Platform;
using IommuSim.Tests.Support;

namespace IommuSim.Tests.Devices.Dma;

/// <summary>
/// The device's DMA engine behind its link and root port: posted writes hold root-port lines from their arrival until
/// they retire, in order; reads take tags; times are worked out by hand from the link's rate and the fixed latencies.
/// </summary>
public class PcieDmaEngineTests
{
    private const ushort Device = 0x100;
    private static readonly PcieLinkParams Gen3x8 = new();
    private static readonly long L = Gen3x8.Latency.Picoseconds;

    private sealed class Client : IPostedWriteClient, IDmaClient
    {
        public readonly Dictionary<long, WriteTiming> Retired = [];
        public readonly Dictionary<long, long> Drained = [];
        public readonly Dictionary<long, (long At, DmaOutcome Outcome)> Reads = [];
        public Simulation Sim = null!;

        public void OnWriteDrained(long token, long drainedPs) => Drained[token] = drainedPs;

        public void OnWriteRetired(long token, in WriteTiming timing) => Retired[token] = timing;

        public void OnDmaDone(long token, in DmaOutcome outcome) => Reads[token] = (Sim.Now.Picoseconds, outcome);

        public void Take(long token, WriteStatus status, in WriteTiming timing)
        {
            if (status != WriteStatus.Blocked) Drained[token] = timing.DrainedPs;
            if (status == WriteStatus.Retired) Retired[token] = timing;
        }
    }

    // Picoseconds n wire bytes take at the TLP layer's rate, rounded up (as the link's clock returns them).
    private static long Wire(long bytes, PcieLinkParams? link = null)
    {
        long bps = new LinkBandwidth(link ?? Gen3x8).TlpLayer.BitsPerSecond;
        return (long)Math.Ceiling(bytes * 8e12 / bps);
    }

    private static (Simulation Sim, PcieDmaEngine Engine, Client Client) Build(RootComplexParams? rootPort = null,
        TranslationUnit? iommu = null, Simulation? sim = null, PcieLinkParams? link = null)
    {
        sim ??= new Simulation();
        var engine = new PcieDmaEngine(sim, iommu, Device, new PcieLink(sim, link ?? Gen3x8), rootPort ?? new RootComplexParams(),
            new RandomStream("ddio", 7));
        return (sim, engine, new Client { Sim = sim });
    }

    private static TranslationUnit Iommu(Simulation sim, SimTime lookup, ulong iova, ulong bytes)
    {
        var unit = new TranslationUnit(sim, new IommuParams { LookupLatency = lookup }, new MemoryParams(), new RandomStreams(3), "dmar0");
        var domain = new Domain(1, DomainType.DmaStrict, unit.Format, new TablePageAllocator(0x100_0000_0000, PageTableFormat.TableSize * 4096));
        unit.Attach(Device, domain);
        domain.PageTable!.Map(iova, 0x10_0000_1000, bytes, Permissions.ReadWrite);
        return unit;
    }

    [Fact]
    public void An_unloaded_64_byte_write_is_in_memory_after_the_wire_the_latency_and_the_memory_write()
    {
        var (_, engine, client) = Build();
        var status = engine.TryWrite(0x1000, 64, client, 1, interrupt: false, out var timing);
        Assert.Equal(WriteStatus.Retired, status);
        // Below 4 GiB: a 3DW header; 8 link bytes + 12 header bytes + 64 of data.
        Assert.Equal(Wire(84), timing.DrainedPs);
        Assert.Equal(Wire(84) + L + 300_000, timing.InMemoryPs);
    }

    [Fact]
    public void A_frame_goes_as_max_payload_TLPs_back_to_back_and_its_last_retires_last()
    {
        var (_, engine, client) = Build();
        engine.TryWrite(0x2000, 1514, client, 1, interrupt: false, out var timing);
        // 5 TLPs of 256 B and one of 234 B, 20 B of overhead each: 1634 wire bytes.
        Assert.Equal(6, engine.UpstreamTlps);
        Assert.Equal(Wire(1634), timing.DrainedPs);
        Assert.Equal(Wire(1634) + L + 300_000, timing.InMemoryPs);
        // Above 4 GiB the header is 4DW: 4 more bytes per TLP.
        var (_, far, c2) = Build();
        far.TryWrite(0x1_0000_2000, 1514, c2, 1, interrupt: false, out var above);
        Assert.Equal(Wire(1658), above.DrainedPs);
    }

    [Theory]
    [InlineData(8, 1000)]
    [InlineData(32, 300)]
    [InlineData(92, 300)]
    public void Saturated_writes_reach_credits_times_64_bytes_over_the_holding_time(int lines, int writeNs)
    {
        var (_, engine, client) = Build(new RootComplexParams { WriteBufferLines = lines, MemoryWriteLatency = SimTime.FromNanoseconds(writeNs) });
        const int n = 20_000;
        long last = 0;
        for (int k = 0; k < n; k++)
        {
            engine.TryWrite(0x1000 + (ulong)(k % 64) * 64, 64, client, k, interrupt: false, out var t);
            last = t.InMemoryPs;
        }
        // Each line is held from its TLP's arrival for the write latency: C x 64 B / W, unless the link is slower.
        double bound = Math.Min(lines * 64.0 / (writeNs * 1e-9), new LinkBandwidth(Gen3x8).TlpLayer.BitsPerSecond / 8.0 * 64 / 84);
        double achieved = n * 64.0 / (last * 1e-12);
        Assert.InRange(achieved / bound, 0.99, 1.01);
    }

    [Fact]
    public void Translation_latency_lowers_the_credit_bound_in_proportion()
    {
        const int lines = 16;
        var sim = new Simulation();
        var iommu = Iommu(sim, SimTime.FromNanoseconds(200), 0x1000, 4096);
        var (_, engine, client) = Build(new RootComplexParams { WriteBufferLines = lines }, iommu, sim);
        // The page's first translation walks; let it finish, then every write hits in 200 ns.
        engine.TryWrite(0x1000, 64, client, -1, interrupt: false, out _);
        sim.Run();
        const int n = 10_000;
        long first = 0, last = 0;
        for (int k = 0; k < n; k++)
        {
            var status = engine.TryWrite(0x1000 + (ulong)(k % 64) * 64, 64, client, k, interrupt: false, out var t);
            Assert.Equal(WriteStatus.Retired, status);
            if (k == 0) first = t.InMemoryPs;
            last = t.InMemoryPs;
        }
        // Holding time 200 ns of translation + 300 ns of memory write: C x 64 B / 500 ns.
        double achieved = (n - 1) * 64.0 / ((last - first) * 1e-12);
        Assert.InRange(achieved / (lines * 64.0 / 500e-9), 0.99, 1.01);
    }

    private sealed class PoissonWriter
    {
        public PcieDmaEngine Engine = null!;
        public Client Client = null!;
        public RandomStream Gaps = null!;
        public double MeanGapPs;
        public int Left;
        public static readonly Action<object?> Next = static s => ((PoissonWriter)s!).Write();

        private void Write()
        {
            Engine.TryWrite(0x1000, 64, Client, Left, interrupt: false, out _);
            if (--Left > 0) Client.Sim.Schedule(new SimTime((long)Gaps.NextExponential(MeanGapPs)), Next, this);
        }
    }

    [Fact]
    public void Littles_law_holds_for_the_write_buffer()
    {
        var (sim, engine, client) = Build(new RootComplexParams { WriteBufferLines = 64 });
        // 64 B writes at 50 per µs: L = lambda x W = 50/µs x 300 ns = 15 lines on average (a quarter of the buffer).
        var writer = new PoissonWriter { Engine = engine, Client = client, Gaps = new RandomStream("gaps", 11), MeanGapPs = 20_000, Left = 200_000 };
        sim.Schedule(SimTime.Zero, PoissonWriter.Next, writer);
        sim.Run(SimTime.FromMilliseconds(2));
        engine.ResetStatistics();
        sim.Run(SimTime.FromMicroseconds(3500));
        double meanLines = engine.CreditUtilisation * 64;
        Assert.InRange(meanLines, 15 * 0.97, 15 * 1.03);
    }

    [Fact]
    public void An_unloaded_64_byte_read_takes_about_600_ns_as_pcie_bench_measured()
    {
        var (sim, engine, client) = Build();
        engine.Read(0x1000, 64, client, 5);
        sim.Run();
        var (at, outcome) = client.Reads[5];
        // Request (8 + 12 B) up, latency, 90 ns of DRAM, completion (8 + 12 + 64 B) down, latency.
        long expected = Wire(20) + L + 90_000 + Wire(84) + L;
        Assert.Equal(expected, at);
        Assert.False(outcome.Faulted);
        Assert.InRange(at / 1000.0, 600 * 0.98, 600 * 1.02);
    }

    [Fact]
    public void A_read_that_misses_the_IOTLB_takes_about_880_ns_as_pcie_bench_measured_with_4_KiB_pages()
    {
        var sim = new Simulation();
        var iommu = Iommu(sim, new IommuParams().LookupLatency, 0x10_0000, 1 << 20);
        var (_, engine, client) = Build(null, iommu, sim);
        // A first read fills the context cache and the walk caches, as a running device's reads have.
        engine.Read(0x10_0000, 64, client, 0);
        sim.Run();
        engine.ResetStatistics();
        long start = sim.Now.Picoseconds;
        engine.Read(0x10_0000 + 4096 + 64, 64, client, 1);
        sim.Run();
        long rtt = client.Reads[1].At - start;
        Assert.Equal(1, engine.IotlbMisses);
        // The walk's latency comes on top of the 600 ns round trip.
        long walk = (long)engine.TranslationLatency.Mean;
        Assert.Equal(Wire(20) + L + walk + 90_000 + Wire(84) + L, rtt);
        Assert.InRange(rtt / 1000.0, 880 * 0.95, 880 * 1.05);
    }

    [Fact]
    public void Tags_bound_outstanding_reads()
    {
        var link = Gen3x8 with { Tags = 2 };
        var (sim, engine, client) = Build(link: link);
        for (int k = 0; k < 6; k++) engine.Read(0x1000 + (ulong)k * 64, 64, client, k);
        sim.Run();
        long rtt = Wire(20) + L + 90_000 + Wire(84) + L;
        // Two at a time: reads 2 and 3 go when 0 and 1 are back, and so on.
        Assert.Equal(4, engine.TagWaits);
        Assert.Equal(rtt, client.Reads[0].At);
        // A read starts when an earlier one's data is back; behind each other on the link they add a wire time or two.
        Assert.True(client.Reads[1].At < 2 * rtt && client.Reads[2].At >= 2 * rtt && client.Reads[4].At >= 3 * rtt);
        Assert.InRange(client.Reads[5].At, 3 * rtt, 3 * rtt + 6 * Wire(84));
    }

    [Fact]
    public void A_write_waits_behind_a_walking_translation_once_credits_run_out_and_retires_after_it()
    {
        var sim = new Simulation();
        var iommu = Iommu(sim, new IommuParams().LookupLatency, 0x10_0000, 1 << 20);
        var (_, engine, client) = Build(new RootComplexParams { WriteBufferLines = 8 }, iommu, sim);
        // Eight 64 B writes fill the buffer behind a walk; the ninth must wait for it.
        for (int k = 0; k < 9; k++)
        {
            var status = engine.TryWrite(0x10_0000 + (ulong)k * 64, 64, client, k, interrupt: false, out var t);
            client.Take(k, status, t);
            Assert.Equal(k < 8 ? WriteStatus.Drained : WriteStatus.Blocked, status);
        }
        sim.Run();
        Assert.Equal(9, client.Retired.Count);
        for (int k = 1; k < 9; k++) Assert.True(client.Retired[k].InMemoryPs >= client.Retired[k - 1].InMemoryPs);
        // The first retires after its walk: arrival + walk + write; the ninth enters when the first retires.
        long walk = (long)engine.TranslationLatency.Max;
        Assert.Equal(Wire(84) + L + walk + 300_000, client.Retired[0].InMemoryPs);
        // ... and its own translation, now an IOTLB hit, starts there.
        Assert.Equal(client.Retired[0].InMemoryPs + new IommuParams().LookupLatency.Picoseconds + 300_000, client.Retired[8].InMemoryPs);
    }

    [Fact]
    public void With_DDIO_a_write_goes_to_the_LLC_with_its_probability()
    {
        var (_, engine, client) = Build(new RootComplexParams { Ddio = true, DdioWriteProbability = 0.3, WriteBufferLines = 4096 });
        const int n = 100_000;
        int cached = 0;
        var sim = client.Sim;
        for (int k = 0; k < n; k++)
        {
            // One write per microsecond, each alone on the link and in the buffer.
            sim.Run(SimTime.FromMicroseconds(k));
            engine.TryWrite(0x1000, 64, client, k, interrupt: false, out var t);
            long own = t.InMemoryPs - t.DrainedPs - L;
            Assert.True(own is 17_000 or 300_000, $"a write retires 17 ns (LLC) or 300 ns (DRAM) after its arrival, not {own} ps");
            if (own == 17_000) cached++;
        }
        double sigma = Math.Sqrt(n * 0.3 * 0.7);
        Assert.InRange(cached, n * 0.3 - 4 * sigma, n * 0.3 + 4 * sigma);
    }

    [Fact]
    public void Steady_state_writes_and_reads_allocate_nothing()
    {
        var (sim, engine, client) = Build();
        void Work()
        {
            for (int k = 0; k < 2_000; k++) engine.TryWrite(0x1000 + (ulong)(k % 32) * 64, 1514, client, k, interrupt: false, out _);
            for (int k = 0; k < 200; k++) engine.Read(0x8000, 640, client, k);
            sim.Run();
        }
        Work();
        client.Reads.Clear();
        Assert.Equal(0, AllocationProbe.LeastBytes(() =>
        {
            Work();
            client.Reads.Clear();
        }));
    }
}
