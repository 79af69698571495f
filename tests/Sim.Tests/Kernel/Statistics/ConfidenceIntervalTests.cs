using IommuSim.Kernel.Statistics;

namespace IommuSim.Tests.Kernel.Statistics;

public class ConfidenceIntervalTests
{
    [Fact]
    public void Ten_samples_at_95_percent()
    {
        // 1..10: mean 5.5, s^2 = 110/12, standard error sqrt(s^2/10); t(0.975; 9) = 2.2621571628 (tables).
        // Half-width 2.1658505896681696, computed with mpmath (incomplete-beta t quantile, 30 digits).
        var ci = ConfidenceInterval.StudentT([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        Assert.Equal(5.5, ci.Mean, 12);
        Assert.Equal(2.1658505896681696, ci.HalfWidth, 1e-8);
        Assert.Equal(2.2621571628 * Math.Sqrt(110.0 / 12 / 10), ci.HalfWidth, 1e-8);
        Assert.Equal(10, ci.N);
        Assert.Equal(0.95, ci.Level);
        Assert.Equal(5.5 - ci.HalfWidth, ci.Lower);
        Assert.Equal(5.5 + ci.HalfWidth, ci.Upper);
        Assert.True(ci.Contains(3.4));
        Assert.False(ci.Contains(3.3));
    }

    [Fact]
    public void Five_samples_at_99_percent()
    {
        // 2.1, 3.4, 1.9, 2.8, 3.0: mean 2.64; t(0.995; 4) = 4.6040948713 (tables);
        // half-width 1.2907898362371610 from mpmath.
        var ci = ConfidenceInterval.StudentT([2.1, 3.4, 1.9, 2.8, 3.0], 0.99);
        Assert.Equal(2.64, ci.Mean, 12);
        Assert.Equal(1.2907898362371610, ci.HalfWidth, 1e-8);
    }

    [Fact]
    public void Single_sample_has_infinite_half_width()
    {
        var ci = ConfidenceInterval.StudentT([4.2]);
        Assert.Equal(4.2, ci.Mean);
        Assert.True(double.IsPositiveInfinity(ci.HalfWidth));
        Assert.Equal(1, ci.N);
        Assert.True(ci.Contains(-1e300));
    }

    [Fact]
    public void Identical_samples_give_zero_width()
    {
        var ci = ConfidenceInterval.StudentT([3, 3, 3]);
        Assert.Equal(0, ci.HalfWidth);
        Assert.True(ci.Contains(3));
        Assert.False(ci.Contains(3.0000001));
    }

    [Fact]
    public void Invalid_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ConfidenceInterval.StudentT([]));
        Assert.Throws<ArgumentException>(() => ConfidenceInterval.StudentT([1, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.StudentT([1, 2], 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.StudentT([1, 2], 0));
    }
}
