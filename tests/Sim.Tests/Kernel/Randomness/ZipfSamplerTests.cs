using IommuSim.Kernel.Randomness;
using MathNet.Numerics.Distributions;

namespace IommuSim.Tests.Kernel.Randomness;

public class ZipfSamplerTests
{
    // Exact pmf p(k) = k^-s / sum_{j=1..n} j^-s, compared by a chi-square goodness-of-fit test at
    // the 0.999 critical value with n - 1 degrees of freedom.
    [Theory]
    [InlineData(10, 1.0)]
    [InlineData(10, 1.2)]
    [InlineData(50, 0.6)]
    [InlineData(7, 0.0)]
    [InlineData(20, 2.5)]
    public void Frequencies_match_the_exact_pmf(int n, double s)
    {
        var sampler = new ZipfSampler(new RandomStream("zipf", 17), n, s);
        const int draws = 200_000;
        var counts = new long[n + 1];
        for (int i = 0; i < draws; i++)
        {
            long k = sampler.Next();
            Assert.InRange(k, 1, n);
            counts[k]++;
        }
        double norm = 0;
        for (int k = 1; k <= n; k++) norm += Math.Pow(k, -s);
        double chi2 = 0;
        for (int k = 1; k <= n; k++)
        {
            double expected = draws * Math.Pow(k, -s) / norm;
            chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        Assert.True(chi2 < ChiSquared.InvCDF(n - 1, 0.999), $"chi-square {chi2:F1} too large for n={n}, s={s}");
    }

    [Fact]
    public void Rank_one_probability_for_a_large_set_matches_the_harmonic_number()
    {
        // n = 10^6, s = 1: p(1) = 1 / H_n with H_n = ln n + 0.5772156649 + 1/(2n) = 14.392727.
        var sampler = new ZipfSampler(new RandomStream("zipf-large", 3), 1_000_000, 1.0);
        int ones = 0;
        const int draws = 400_000;
        for (int i = 0; i < draws; i++) if (sampler.Next() == 1) ones++;
        double p = (double)ones / draws;
        double expected = 1 / 14.392727;
        // Binomial standard error sqrt(p(1-p)/N) = 0.00039; allow 4 of them.
        Assert.InRange(p, expected - 0.0016, expected + 0.0016);
    }
}
