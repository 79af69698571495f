using IommuSim.Devices.Nic;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Units;

namespace IommuSim.Tests.Devices.Nic;

public class ArrivalTests
{
    private static readonly EthernetLink TenGig = new(BitRate.FromGbps(10));

    [Fact]
    public void Constant_gaps_are_the_wire_time_over_the_load()
    {
        // 1514 B take 1538 B = 1,230,400 ps at 10 Gb/s; at half load twice that.
        Assert.Equal(SimTime.FromPicoseconds(1_230_400), new ConstantArrivals(TenGig, 1.0).NextGap(1514));
        Assert.Equal(SimTime.FromPicoseconds(2_460_800), new ConstantArrivals(TenGig, 0.5).NextGap(1514));
        Assert.Equal(SimTime.FromPicoseconds(67_200 * 4), new ConstantArrivals(TenGig, 0.25).NextGap(60));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantArrivals(TenGig, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantArrivals(TenGig, 1.01));
    }

    [Fact]
    public void Poisson_gaps_have_the_mean_and_the_unit_coefficient_of_variation_of_an_exponential()
    {
        var arrivals = new PoissonArrivals(TenGig, 0.5, new RandomStream("poisson", 11));
        const int n = 100_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double g = arrivals.NextGap(1514).Picoseconds;
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n;
        double sd = Math.Sqrt((sumSq - n * mean * mean) / (n - 1));
        const double expected = 2_460_800;   // 1,230,400 ps / 0.5
        // Standard error of the mean of an exponential: mean / sqrt(n). Of its CV (delta method on ln S - ln mean,
        // with Var S^2 = 8 sigma^4 / n and Cov(S^2, mean) = 2 sigma^3 / n for an exponential): 1 / sqrt(n).
        Assert.InRange(mean, expected * (1 - 4 / Math.Sqrt(n)), expected * (1 + 4 / Math.Sqrt(n)));
        Assert.InRange(sd / mean, 1 - 4 / Math.Sqrt(n), 1 + 4 / Math.Sqrt(n));
    }

    [Fact]
    public void On_off_bursts_offer_on_over_on_plus_off_of_the_line_rate()
    {
        // On 100 us, off 300 us: a quarter of the line rate in the long run.
        var arrivals = new OnOffArrivals(TenGig, SimTime.FromMicroseconds(100), SimTime.FromMicroseconds(300), new RandomStream("onoff", 5));
        Assert.Equal(0.25, arrivals.MeanLoad, 12);
        // About 81 frames a burst, so 8 M frames are about 99,000 on/off cycles; the relative standard error of the
        // busy fraction over n cycles is sqrt((1-r)^2 on^2 + r^2 off^2) / (r (on + off) sqrt n) = 1.06 / sqrt n, 0.34%.
        const int frames = 8_000_000;
        long elapsed = 0;
        int backToBack = 0;
        for (int i = 0; i < frames; i++)
        {
            long gap = arrivals.NextGap(1514).Picoseconds;
            Assert.True(gap >= 1_230_400, "no frame arrives faster than the line");
            if (gap == 1_230_400) backToBack++;
            elapsed += gap;
        }
        double wireBits = frames * 1538.0 * 8;
        double rate = wireBits / (elapsed / 1e12);
        Assert.InRange(rate, 0.98 * 2.5e9, 1.02 * 2.5e9);
        // Within a burst frames are back to back: all but about one frame in 81.
        Assert.InRange(backToBack / (double)frames, 0.97, 0.995);
    }
}
