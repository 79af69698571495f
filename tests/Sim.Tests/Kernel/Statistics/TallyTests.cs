using IommuSim.Tests.Support;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Tests.Kernel.Statistics;

public class TallyTests
{
    [Fact]
    public void Hand_computed_example()
    {
        // 2,4,4,4,5,5,7,9: sum 40, mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, sample variance 32/7.
        var tally = new Tally();
        foreach (double x in new double[] { 2, 4, 4, 4, 5, 5, 7, 9 }) tally.Add(x);
        Assert.Equal(8, tally.Count);
        Assert.Equal(40, tally.Sum);
        Assert.Equal(5, tally.Mean, 12);
        Assert.Equal(32.0 / 7, tally.Variance, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), tally.StandardDeviation, 12);
        Assert.Equal(2, tally.Min);
        Assert.Equal(9, tally.Max);
    }

    [Fact]
    public void Matches_two_pass_computation_with_large_offset()
    {
        // Values near 1e9 with spread ~1: a naive sum of squares would lose most digits here.
        var s = new RandomStream("tally", 1);
        var values = new double[10_000];
        for (int i = 0; i < values.Length; i++) values[i] = 1e9 + s.NextExponential(1.0);
        var tally = new Tally();
        foreach (double x in values) tally.Add(x);

        // Two-pass reference in decimal (28 digits), exact enough to judge the double results.
        decimal mean = values.Sum(x => (decimal)x) / values.Length;
        decimal variance = values.Sum(x => ((decimal)x - mean) * ((decimal)x - mean)) / (values.Length - 1);
        Assert.Equal((double)mean, tally.Mean, 1e-12 * (double)mean);
        Assert.Equal((double)variance, tally.Variance, 1e-6 * (double)variance);
        Assert.Equal(values.Min(), tally.Min);
        Assert.Equal(values.Max(), tally.Max);
    }

    [Fact]
    public void Merge_equals_adding_everything_to_one()
    {
        var s = new RandomStream("merge", 2);
        var all = new Tally();
        var a = new Tally();
        var b = new Tally();
        for (int i = 0; i < 3000; i++)
        {
            double x = s.NextExponential(5.0) + (i < 1000 ? 100 : 0); // parts with different means
            all.Add(x);
            (i < 1000 ? a : b).Add(x);
        }
        a.Merge(b);
        Assert.Equal(all.Count, a.Count);
        Assert.Equal(all.Mean, a.Mean, 1e-9);
        Assert.Equal(all.Variance, a.Variance, 1e-9 * all.Variance);
        Assert.Equal(all.Sum, a.Sum, 1e-9 * all.Sum);
        Assert.Equal(all.Min, a.Min);
        Assert.Equal(all.Max, a.Max);
    }

    [Fact]
    public void Merge_with_empty_on_either_side()
    {
        var empty = new Tally();
        var some = new Tally();
        some.Add(1);
        some.Add(3);
        some.Merge(empty);
        Assert.Equal(2, some.Count);
        Assert.Equal(2, some.Mean);

        var target = new Tally();
        target.Merge(some);
        Assert.Equal(2, target.Count);
        Assert.Equal(2, target.Mean);
        Assert.Equal(2, target.Variance); // (1 + 1) / 1
        Assert.Equal(1, target.Min);
        Assert.Equal(3, target.Max);
    }

    [Fact]
    public void Empty_and_single_and_reset()
    {
        var tally = new Tally();
        Assert.Equal(0, tally.Count);
        Assert.Equal(0, tally.Sum);
        Assert.True(double.IsNaN(tally.Mean));
        Assert.True(double.IsNaN(tally.Min));
        Assert.True(double.IsNaN(tally.Variance));

        tally.Add(-4);
        Assert.Equal(-4, tally.Mean);
        Assert.Equal(-4, tally.Min);
        Assert.Equal(-4, tally.Max);
        Assert.True(double.IsNaN(tally.Variance));

        tally.Reset();
        Assert.Equal(0, tally.Count);
        tally.Add(10);
        Assert.Equal(10, tally.Mean);
        Assert.Equal(10, tally.Min);
        Assert.Equal(10, tally.Sum);
    }

    [Fact]
    public void Non_finite_observations_are_rejected()
    {
        var tally = new Tally();
        Assert.Throws<ArgumentOutOfRangeException>(() => tally.Add(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => tally.Add(double.PositiveInfinity));
        Assert.Equal(0, tally.Count);
    }

    [Fact]
    public void Add_does_not_allocate()
    {
        var tally = new Tally();
        tally.Add(1);
        Assert.Equal(0L, AllocationProbe.LeastBytes(() => { for (int i = 0; i < 10_000; i++) tally.Add(i); }));
    }
}
