using IommuSim.Devices.Nic;
using IommuSim.Kernel;
using IommuSim.Units;

namespace IommuSim.Tests.Devices.Nic;

public class EthernetFramingTests
{
    // A 64 B frame with FCS is 60 B as the driver sees it; on the wire 60 + 4 FCS + 8 preamble/SFD + 12 gap = 84 B
    // = 672 bits. 10e9 / 672 = 14,880,952.38 pps; 25e9 / 672 = 37,202,380.95; 100e9 / 672 = 148,809,523.81.
    [Theory]
    [InlineData(10, 14_880_952.380952)]
    [InlineData(25, 37_202_380.952381)]
    [InlineData(100, 148_809_523.809524)]
    public void Minimum_frames_at_line_rate_give_the_textbook_packet_rates(long gbps, double pps)
    {
        var link = new EthernetLink(BitRate.FromGbps(gbps));
        Assert.Equal(84, link.WireBytes(EthernetFraming.MinFrameBytes));
        Assert.Equal(pps, link.LineRatePacketsPerSecond(60), 6);
    }

    [Fact]
    public void A_full_size_frame_takes_1538_bytes_on_the_wire()
    {
        // A 1500 B IP packet: 14 B MAC header -> 1514 B frame (driver view); + 24 B = 1538 B = 12,304 bits.
        // 10e9 / 12,304 = 812,743.823 pps, and 12,304 bits at 10 Gb/s take 1,230.4 ns.
        var link = new EthernetLink(BitRate.FromGbps(10));
        Assert.Equal(1538, link.WireBytes(1514));
        Assert.Equal(812_743.8231, link.LineRatePacketsPerSecond(1514), 4);
        Assert.Equal(SimTime.FromPicoseconds(1_230_400), link.WireTime(1514));
        Assert.Equal(SimTime.FromPicoseconds(67_200), link.WireTime(60));   // 672 bits / 10 Gb/s
        Assert.Equal(SimTime.FromPicoseconds(6_720), new EthernetLink(BitRate.FromGbps(100)).WireTime(60));
    }

    [Fact]
    public void Payload_and_wire_rates_differ_by_the_overheads()
    {
        var link = new EthernetLink(BitRate.FromGbps(10));
        // Payload is the driver's share of each frame's wire bytes: 10 x 60/84 and 10 x 1514/1538 Gb/s.
        Assert.Equal(7.142857142857e9, link.PayloadBitsPerSecond(60), 0);
        Assert.Equal(9.843953185956e9, link.PayloadBitsPerSecond(1514), 0);
        Assert.Equal(10e9, link.WireBitsPerSecond(link.PayloadBitsPerSecond(1514), 1514), 1);
    }

    [Fact]
    public void Short_frames_are_padded_and_a_tag_adds_four_bytes()
    {
        Assert.Equal(84, EthernetFraming.WireBytes(42, vlanTagged: false));    // padded to 60
        Assert.Equal(84, EthernetFraming.WireBytes(56, vlanTagged: true));     // 56 + 4 = 60: the tag fills the pad
        Assert.Equal(88, EthernetFraming.WireBytes(60, vlanTagged: true));     // a tagged minimum frame is 68 B with FCS
        Assert.Equal(1542, new EthernetLink(BitRate.FromGbps(10), vlanTagged: true).WireBytes(1514));
        Assert.Throws<ArgumentOutOfRangeException>(() => EthernetFraming.WireBytes(0, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EthernetLink(BitRate.FromBitsPerSecond(0)));
    }
}
