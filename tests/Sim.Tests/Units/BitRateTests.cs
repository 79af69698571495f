using IommuSim.Kernel;
using IommuSim.Units;

namespace IommuSim.Tests.Units;

public class BitRateTests
{
    [Theory]
    [InlineData("100Gbps", 100_000_000_000L)]
    [InlineData("25Gb/s", 25_000_000_000L)]
    [InlineData("25Gbit/s", 25_000_000_000L)]
    [InlineData("10Mbps", 10_000_000L)]
    [InlineData("1Tbps", 1_000_000_000_000L)]
    [InlineData("800kbps", 800_000L)]
    [InlineData("800Kbps", 800_000L)]
    [InlineData("12.5GB/s", 100_000_000_000L)]   // 12.5e9 bytes/s * 8
    [InlineData("3GBps", 24_000_000_000L)]       // 3e9 bytes/s * 8
    [InlineData("64bps", 64L)]
    [InlineData("0bps", 0L)]
    [InlineData("2.5 Gbps", 2_500_000_000L)]
    public void Parses_decimal_units(string text, long bps)
    {
        Assert.Equal(bps, BitRate.Parse(text).BitsPerSecond);
    }

    [Theory]
    [InlineData(100_000_000_000L, "100Gbps")]
    [InlineData(12_500_000_000L, "12.5Gbps")]
    [InlineData(800_000L, "800kbps")]
    [InlineData(1_000_000_000_000L, "1Tbps")]
    // 1.000000001Gbps and 1000.000001Mbps need too many decimals; 1000000.001kbps needs three.
    [InlineData(1_000_000_001L, "1000000.001kbps")]
    [InlineData(1_234_000L, "1.234Mbps")]
    [InlineData(999L, "999bps")]
    [InlineData(0L, "0bps")]
    public void Formats_with_the_largest_short_decimal_unit(long bps, string text)
    {
        Assert.Equal(text, new BitRate(bps).ToString());
        Assert.Equal(bps, BitRate.Parse(text).BitsPerSecond);
    }

    [Fact]
    public void A_bare_number_is_rejected_with_a_message_asking_for_a_unit()
    {
        Assert.False(BitRate.TryParse("100", out _, out var error));
        Assert.Contains("without a unit", error);
        Assert.Equal(error, Assert.Throws<FormatException>(() => BitRate.Parse("100")).Message);
    }

    [Theory]
    [InlineData("100Gbs", "unknown bit rate unit 'Gbs'")]
    [InlineData("100gbps", "unknown bit rate unit 'gbps'")]
    [InlineData("0.5bps", "not a whole number")]
    [InlineData("-1Gbps", "negative")]
    [InlineData("", "empty")]
    public void Bad_input_is_explained(string text, string fragment)
    {
        Assert.False(BitRate.TryParse(text, out _, out var error));
        Assert.Contains(fragment, error);
    }

    [Fact]
    public void An_ethernet_frame_at_100Gbps_takes_120ns()
    {
        // 1500 B * 8 = 12000 bit; 12000 / 1e11 bit/s = 1.2e-7 s = 120 ns exactly.
        var t = BitRate.Parse("100Gbps").TimeToTransfer(ByteSize.FromBytes(1500));
        Assert.Equal(SimTime.FromNanoseconds(120), t);
    }

    [Fact]
    public void Transfer_time_rounds_up_to_a_whole_picosecond()
    {
        // 1 B at 3 bps: 8/3 s = 2.666...e12 ps -> 2666666666667 ps (rounded up).
        Assert.Equal(2_666_666_666_667L, new BitRate(3).TimeToTransfer(ByteSize.FromBytes(1)).Picoseconds);
        // 64 B at 100 Gbps: 512 bit / 1e11 = 5.12 ns = 5120 ps, exact: no rounding.
        Assert.Equal(5_120L, BitRate.FromGbps(100).TimeToTransfer(ByteSize.FromBytes(64)).Picoseconds);
    }

    [Fact]
    public void Large_transfers_do_not_overflow_the_intermediate_product()
    {
        // 1 TiB at 1 Tbps: 2^40 * 8 bit / 1e12 bit/s = 8.796093022208 s = 8796093022208 ps.
        // The intermediate 2^40 * 8 * 1e12 ≈ 8.8e24 would overflow a long.
        var t = BitRate.Parse("1Tbps").TimeToTransfer(ByteSize.Parse("1TiB"));
        Assert.Equal(8_796_093_022_208L, t.Picoseconds);
    }

    [Fact]
    public void Zero_bytes_take_no_time_and_a_zero_rate_cannot_transfer()
    {
        Assert.Equal(SimTime.Zero, new BitRate(0).TimeToTransfer(ByteSize.Zero));
        Assert.Throws<InvalidOperationException>(() => new BitRate(0).TimeToTransfer(ByteSize.FromBytes(1)));
    }

    [Fact]
    public void BytesIn_counts_whole_bytes_delivered()
    {
        // 100 Gbps for 120 ns: 1e11 * 1.2e-7 = 12000 bit = 1500 B.
        Assert.Equal(1500L, BitRate.FromGbps(100).BytesIn(SimTime.FromNanoseconds(120)).Bytes);
        // 119.999 ns: 11999.9 bit = 1499.9875 B -> 1499 whole bytes.
        Assert.Equal(1499L, BitRate.FromGbps(100).BytesIn(SimTime.FromPicoseconds(119_999)).Bytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => BitRate.FromGbps(1).BytesIn(SimTime.FromPicoseconds(-1)));
    }

    [Fact]
    public void Gbps_and_scaling()
    {
        Assert.Equal(12.5, BitRate.Parse("12.5GB/s").Gbps / 8);
        // A PCIe Gen4 x16 raw rate: 16 GT/s per lane (before 128b/130b coding) * 16 lanes = 256 Gbps.
        Assert.Equal(BitRate.FromGbps(256), BitRate.FromGbps(16) * 16);
        Assert.True(BitRate.FromMbps(10) < BitRate.FromGbps(1));
    }
}
