using IommuSim.Pcie;
using IommuSim.Units;

namespace IommuSim.Tests.Pcie;

public class LinkBandwidthTests
{
    // pcie-model's Ack_Limits (= FC_Guide at these points), model/pcie.py, transcribed from PCIe Base Spec 5.0
    // Tables 3-7 to 3-9: symbol times between ACK DLLPs, by generation (Gen3 row also for Gen4 and Gen5), width, MPS.
    private static int AckInterval(int generation, int lanes, int mps) => (generation, lanes, mps) switch
    {
        (1, 4, 128) => 73, (1, 4, 256) => 118, (1, 4, 512) => 154,
        (1, 8, 128) => 67, (1, 8, 256) => 107, (1, 8, 512) => 86,
        (1, 16, 128) => 48, (1, 16, 256) => 72, (1, 16, 512) => 86,
        (2, 4, 128) => 124, (2, 4, 256) => 169, (2, 4, 512) => 205,
        (2, 8, 128) => 118, (2, 8, 256) => 158, (2, 8, 512) => 137,
        (2, 16, 128) => 99, (2, 16, 256) => 123, (2, 16, 512) => 137,
        (_, 4, 128) => 169, (_, 4, 256) => 214, (_, 4, 512) => 250,
        (_, 8, 128) => 163, (_, 8, 256) => 203, (_, 8, 512) => 182,
        (_, 16, 128) => 144, (_, 16, 256) => 168, (_, 16, 512) => 182,
        _ => throw new ArgumentOutOfRangeException(nameof(lanes)),
    };

    public static TheoryData<int, int, int> Links()
    {
        var data = new TheoryData<int, int, int>();
        for (int gen = 1; gen <= 6; gen++)
            foreach (int lanes in new[] { 4, 8, 16 })
                foreach (int mps in new[] { 128, 256, 512 })
                    data.Add(gen, lanes, mps);
        return data;
    }

    [Theory]
    [MemberData(nameof(Links))]
    public void The_tlp_layer_rate_is_the_raw_rate_less_dllps_and_skips(int generation, int lanes, int mps)
    {
        double gtPerLane = new[] { 0, 2.5, 5, 8, 16, 32, 64 }[generation];
        double expectedGbps;
        if (generation <= 5)
        {
            double encoding = generation <= 2 ? 8.0 / 10 : 128.0 / 130;
            double raw = gtPerLane * lanes * encoding;
            int interval = AckInterval(generation, lanes, mps);
            // One 8-byte ACK and one 8-byte FC update per interval, 4 SKIP symbols per 1538 (pcie-model TLP_bw).
            expectedGbps = raw * (1 - 8.0 / interval - 8.0 / interval - 4.0 / 1538);
        }
        else
        {
            // Flit mode: 236 of every 256 bytes carry TLPs; SKIP share as for the other generations.
            expectedGbps = gtPerLane * lanes * 236 / 256 * (1 - 4.0 / 1538);
        }
        var bandwidth = new LinkBandwidth(new PcieLinkParams { Generation = generation, Lanes = lanes, MaxPayload = ByteSize.FromBytes(mps) });
        Assert.Equal(expectedGbps, bandwidth.TlpLayer.Gbps, 6);
    }

    [Fact]
    public void Gen3_x8_at_mps_256_leaves_57_88_of_63_02_gbps_for_tlps()
    {
        var bandwidth = new LinkBandwidth(new PcieLinkParams { Generation = 3, Lanes = 8, MaxPayload = ByteSize.FromBytes(256) });
        Assert.Equal(63.02, Math.Round(bandwidth.Raw.Gbps, 2));
        Assert.Equal(57.88, Math.Round(bandwidth.TlpLayer.Gbps, 2));
        // 57.88 is not 63.02 x 256 / (256 + 22) = 58.03: it is no payload figure at all. It is the raw rate less the
        // data-link layer's own traffic, which does not depend on the TLPs' headers: an 8-byte ACK and an 8-byte
        // FC update every 203 symbol times (pcie-model's reading of the spec's Ack latency table for Gen3 x8 at
        // MPS 256) and 4 SKIP symbols in 1538: 63.02 x (1 - 16/203 - 4/1538) = 57.88, a cut of 8.1%. The per-TLP
        // bytes (8 of framing, sequence number and LCRC, 12 or 16 of header) come on top of it and bring the
        // payload of 256-byte writes to 57.88 x 256/276 = 53.69 Gb/s with 3DW headers, 57.88 x 256/280 = 52.92 with 4DW.
        double raw = 8.0 * 8 * 128 / 130;
        Assert.Equal(57.88, Math.Round(raw * (1 - 16.0 / 203 - 4.0 / 1538), 2));
        var tlps = new TlpSplitter(new PcieLinkParams());
        var below4G = tlps.Write(0x1000, 256);
        var above4G = tlps.Write(0x10_0000_0000, 256);
        Assert.Equal(53.69, Math.Round(bandwidth.TlpLayer.Gbps * 256 / below4G.WireBytes, 2));
        Assert.Equal(52.92, Math.Round(bandwidth.TlpLayer.Gbps * 256 / above4G.WireBytes, 2));
    }

    [Fact]
    public void Signalling_and_encoding_follow_the_generation()
    {
        var gen1 = new LinkBandwidth(new PcieLinkParams { Generation = 1, Lanes = 1 });
        var gen5 = new LinkBandwidth(new PcieLinkParams { Generation = 5, Lanes = 16 });
        var gen6 = new LinkBandwidth(new PcieLinkParams { Generation = 6, Lanes = 16 });
        Assert.Equal(BitRate.FromMbps(2_500), gen1.Signalling);
        Assert.Equal(BitRate.FromMbps(2_000), gen1.Raw);                        // 8b/10b
        Assert.Equal(BitRate.FromMbps(512_000), gen5.Signalling);
        Assert.Equal(512_000_000_000L * 128 / 130, gen5.Raw.BitsPerSecond);    // 128b/130b
        Assert.Equal(BitRate.FromMbps(1_024_000), gen6.Signalling);
        Assert.Equal(1_024_000_000_000L * 242 / 256, gen6.Raw.BitsPerSecond);  // bytes outside flit CRC and FEC
        Assert.Equal(6.0 / 242, gen6.DllpShare, 12);
    }
}
