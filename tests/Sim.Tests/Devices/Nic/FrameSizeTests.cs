using IommuSim.Devices.Nic;
using IommuSim.Kernel.Randomness;

namespace IommuSim.Tests.Devices.Nic;

public class FrameSizeTests
{
    // With 2 degrees of freedom the chi-square tail is exp(-x/2), so the 0.999 critical value is -2 ln 0.001.
    private static readonly double Chi2Df2At999 = -2 * Math.Log(0.001);   // 13.8155

    [Fact]
    public void The_simple_imix_mean_is_the_weighted_mean_of_its_three_sizes()
    {
        var imix = new SimpleImix(new RandomStream("imix", 1));
        // Driver view (no FCS): (7 x 60 + 4 x 590 + 1 x 1514) / 12 = 4294 / 12 B; with FCS 4342 / 12 = 361.83 B,
        // the mean of the 64/594/1518 B frames test equipment sends.
        Assert.Equal(4294 / 12.0, imix.MeanBytes, 12);
        Assert.Equal((7 * 64 + 4 * 594 + 1518) / 12.0, imix.MeanBytes + EthernetFraming.FcsBytes, 12);
    }

    [Fact]
    public void Simple_imix_frequencies_pass_a_chi_square_test()
    {
        var imix = new SimpleImix(new RandomStream("imix", 7));
        const int draws = 120_000;
        int small = 0, medium = 0, large = 0;
        for (int i = 0; i < draws; i++)
        {
            switch (imix.NextBytes())
            {
                case 60: small++; break;
                case 590: medium++; break;
                case 1514: large++; break;
                default: Assert.Fail("a size outside the mix"); break;
            }
        }
        // Expected 7/12, 4/12, 1/12 of 120,000: 70,000, 40,000, 10,000.
        double chi2 = Sq(small - 70_000) / 70_000 + Sq(medium - 40_000) / 40_000 + Sq(large - 10_000) / 10_000;
        Assert.True(chi2 < Chi2Df2At999, $"chi2 {chi2:F2} with counts {small}/{medium}/{large}");
    }

    [Fact]
    public void An_empirical_cdf_is_sampled_with_the_probabilities_of_its_steps()
    {
        Assert.True(FrameSizeDistribution.TryCreate([(60, 0.5), (590, 0.8), (1514, 1.0)], out var cdf, out var error), error);
        Assert.Equal(0.5 * 60 + 0.3 * 590 + 0.2 * 1514, cdf!.MeanBytes, 9);
        var sizes = new EmpiricalFrameSizes(cdf, new RandomStream("cdf", 3));
        const int draws = 100_000;
        int a = 0, b = 0, c = 0;
        for (int i = 0; i < draws; i++)
        {
            int s = sizes.NextBytes();
            if (s == 60) a++; else if (s == 590) b++; else if (s == 1514) c++; else Assert.Fail($"size {s}");
        }
        double chi2 = Sq(a - 50_000) / 50_000 + Sq(b - 30_000) / 30_000 + Sq(c - 20_000) / 20_000;
        Assert.True(chi2 < Chi2Df2At999, $"chi2 {chi2:F2} with counts {a}/{b}/{c}");
    }

    [Fact]
    public void The_inverse_cdf_takes_the_first_step_above_u_and_skips_empty_steps()
    {
        Assert.True(FrameSizeDistribution.TryCreate([(60, 0.25), (100, 0.25), (200, 1.0)], out var cdf, out _));
        Assert.Equal(60, cdf!.InverseCdf(0.0));
        Assert.Equal(60, cdf.InverseCdf(0.2499));
        Assert.Equal(200, cdf.InverseCdf(0.25));     // 100 B has probability 0
        Assert.Equal(200, cdf.InverseCdf(0.9999999));
        Assert.Equal(0.25 * 60 + 0.75 * 200, cdf.MeanBytes, 9);
    }

    [Fact]
    public void Points_built_in_code_are_checked_by_the_same_rules()
    {
        Assert.False(FrameSizeDistribution.TryCreate([], out _, out var empty));
        Assert.Contains("no points", empty);
        Assert.False(FrameSizeDistribution.TryCreate([(60, 0.5), (60, 1.0)], out _, out var repeated));
        Assert.Contains("point 2", repeated);
        Assert.False(FrameSizeDistribution.TryCreate([(60, 0.5), (70, 0.9)], out _, out var short1));
        Assert.Contains("expected 1", short1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedFrameSize(59));
        Assert.Equal(1514, new FixedFrameSize(1514).NextBytes());
    }

    private static double Sq(double x) => x * x;
}
