using IommuSim.Tests.Support;
using IommuSim.Kernel.Randomness;

namespace IommuSim.Tests.Kernel.Randomness;

public class RandomStreamTests
{
    private const double TwoPow53 = 9007199254740992.0;

    [Fact]
    public void Doubles_are_built_from_the_top_53_bits()
    {
        // Two streams with the same seed: one supplies raw words, the other the converted values.
        var raw = new RandomStream("raw", 99);
        var s = new RandomStream("s", 99);
        Assert.Equal((raw.NextUInt64() >> 11) / TwoPow53, s.NextDouble());
        Assert.Equal(((raw.NextUInt64() >> 11) + 1) / TwoPow53, s.NextDoubleOpenClosed());
    }

    [Fact]
    public void Double_bounds_are_half_open_as_documented()
    {
        var s = new RandomStream("bounds", 5);
        for (int i = 0; i < 100_000; i++)
        {
            double u = s.NextDouble();
            Assert.InRange(u, 0.0, Math.BitDecrement(1.0));
            double v = s.NextDoubleOpenClosed();
            Assert.InRange(v, 1.0 / TwoPow53, 1.0);
        }
    }

    [Fact]
    public void NextDouble_passes_chi_square_over_100_bins()
    {
        var s = new RandomStream("chi", 2024);
        var counts = new long[100];
        for (int i = 0; i < 100_000; i++)
            counts[(int)(s.NextDouble() * 100)]++;
        Assert.True(UniformityCheck.ChiSquare(counts) < UniformityCheck.Critical999(100));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void NextInt_stays_in_range(int n)
    {
        var s = new RandomStream("range", (ulong)n);
        for (int i = 0; i < 20_000; i++)
            Assert.InRange(s.NextInt(n), 0, n - 1);
    }

    [Fact]
    public void NextInt_is_uniform_over_small_range()
    {
        var s = new RandomStream("dice", 3);
        var counts = new long[10];
        for (int i = 0; i < 100_000; i++)
            counts[s.NextInt(10)]++;
        Assert.True(UniformityCheck.ChiSquare(counts) < UniformityCheck.Critical999(10));
    }

    [Fact]
    public void NextInt_has_no_modulo_bias_where_modulo_would_be_badly_biased()
    {
        // n = 3 * 2^29. Reducing a 32-bit word modulo n would put [0, 2^30) at probability
        // 3 * 2^30 / 2^32 = 0.75; the unbiased probability is 2^30 / n = 2/3 (std over 100k draws ~0.0015).
        const int n = 3 << 29;
        var s = new RandomStream("bias", 11);
        int low = 0;
        for (int i = 0; i < 100_000; i++)
            if (s.NextInt(n) < (1 << 30)) low++;
        Assert.InRange(low / 100_000.0, 2.0 / 3 - 0.01, 2.0 / 3 + 0.01);
    }

    [Fact]
    public void NextUInt64_bounded_has_no_modulo_bias()
    {
        // n = 3 * 2^62. A 64-bit word modulo n would hit the first third with probability 1/2;
        // unbiased is 1/3 (std over 100k draws ~0.0015).
        const ulong n = 3UL << 62;
        var s = new RandomStream("bias64", 12);
        int firstThird = 0;
        for (int i = 0; i < 100_000; i++)
        {
            ulong v = s.NextUInt64(n);
            Assert.True(v < n);
            if (v < (1UL << 62)) firstThird++;
        }
        Assert.InRange(firstThird / 100_000.0, 1.0 / 3 - 0.01, 1.0 / 3 + 0.01);
    }

    [Fact]
    public void Bounds_must_be_positive()
    {
        var s = new RandomStream("bad", 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.NextInt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.NextInt(-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.NextInt64(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.NextUInt64(0UL));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.NextExponential(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.NextExponential(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.NextBernoulli(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.NextBernoulli(double.NaN));
    }

    [Fact]
    public void Exponential_sample_mean_is_within_one_percent()
    {
        // Mean 3 over 1M draws: the standard error is 3 / 1000 = 0.1 %, so 1 % is ten standard errors.
        var s = new RandomStream("exp", 77);
        double sum = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            double x = s.NextExponential(3.0);
            Assert.True(x >= 0 && double.IsFinite(x));
            sum += x;
        }
        Assert.InRange(sum / 1_000_000, 3.0 * 0.99, 3.0 * 1.01);
    }

    [Fact]
    public void Exponential_is_inversion_of_open_closed_uniform()
    {
        var reference = new RandomStream("r", 8);
        var s = new RandomStream("s", 8);
        for (int i = 0; i < 100; i++)
            Assert.Equal(-2.5 * Math.Log(reference.NextDoubleOpenClosed()), s.NextExponential(2.5));
    }

    [Fact]
    public void Bernoulli_frequency_matches_p_and_always_consumes_one_draw()
    {
        // p = 0.3 over 100k draws: std of the frequency is sqrt(0.21 / 1e5) ~ 0.0014.
        var s = new RandomStream("coin", 4);
        int heads = 0;
        for (int i = 0; i < 100_000; i++)
            if (s.NextBernoulli(0.3)) heads++;
        Assert.InRange(heads / 100_000.0, 0.29, 0.31);

        var a = new RandomStream("a", 6);
        var b = new RandomStream("b", 6);
        Assert.False(a.NextBernoulli(0));
        Assert.True(a.NextBernoulli(1));
        b.NextUInt64();
        b.NextUInt64();
        Assert.Equal(b.NextUInt64(), a.NextUInt64());
    }

    [Fact]
    public void Draws_do_not_allocate()
    {
        var s = new RandomStream("hot", 1);
        Exercise(s, 100); // warm up: let the JIT finish before measuring
        Assert.Equal(0L, AllocationProbe.LeastBytes(() => Exercise(s, 10_000)));

        static void Exercise(RandomStream s, int n)
        {
            for (int i = 0; i < n; i++)
            {
                s.NextUInt64();
                s.NextDouble();
                s.NextDoubleOpenClosed();
                s.NextInt(1000);
                s.NextInt64(1L << 40);
                s.NextExponential(1.0);
                s.NextBernoulli(0.5);
            }
        }
    }
}
