using IommuSim.Kernel;
using IommuSim.Pcie;

namespace IommuSim.Tests.Pcie;

public class PcieLinkThroughputTests
{
    private const long WriteBytes = 4096;

    private sealed class Stream
    {
        public PcieLink Link = null!;
        public Simulation Sim = null!;
        public ulong Next = 0x10_0000_0000;   // 64 GiB: 4DW headers
        public readonly List<long> DonePs = [];
    }

    private static readonly Action<object?> Arrive = OnArrival;

    private static void OnArrival(object? s)
    {
        var st = (Stream)s!;
        st.DonePs.Add(st.Link.SendWrite(st.Next, WriteBytes).Picoseconds);
        st.Next += (ulong)WriteBytes;
        if (st.Sim.Now < SimTime.FromMicroseconds(1000)) st.Sim.Schedule(SimTime.FromNanoseconds(500), Arrive, st);
    }

    [Fact]
    public void A_saturating_stream_of_writes_settles_at_the_payload_bandwidth_and_never_exceeds_it()
    {
        // Gen3 x8, MPS 256: TLPs get 63.015 x (1 - 16/203 - 4/1538) Gb/s; a 4 KiB write is 16 TLPs of 256 B with
        // 8 + 16 B each, so its payload rate is that x 4096 / (4096 + 16 x 24) = 52.92 Gb/s. Offered: 4 KiB per
        // 500 ns = 65.5 Gb/s, more than the link carries.
        double tlpBps = 8e9 * 8 * 128 / 130 * (1 - 16.0 / 203 - 4.0 / 1538);
        double payloadBps = tlpBps * WriteBytes / (WriteBytes + 16 * 24);
        var sim = new Simulation();
        var stream = new Stream { Sim = sim, Link = new PcieLink(sim, new PcieLinkParams()) };
        sim.Schedule(SimTime.Zero, Arrive, stream);
        sim.Run();

        var done = stream.DonePs;
        for (int i = 0; i < done.Count; i++)
        {
            // By the time write i has crossed, i + 1 writes' payload has: never above the payload rate.
            double delivered = (i + 1) * WriteBytes * 8.0;
            Assert.True(delivered <= payloadBps * done[i] / 1e12 * (1 + 1e-9), $"write {i}: {delivered} bits by {done[i]} ps");
        }
        // The link never idles, so the long-run rate is the payload rate.
        double achieved = done.Count * WriteBytes * 8.0 / (done[^1] / 1e12);
        Assert.Equal(payloadBps / 1e9, achieved / 1e9, 3);
        Assert.Equal(52.92, Math.Round(achieved / 1e9, 2));
        Assert.Equal(16L * done.Count, stream.Link.WriteTlps);
    }
}
