using IommuSim.Kernel.Statistics;

namespace IommuSim.Tests.Kernel.Statistics;

public class WelchTestTests
{
    [Fact]
    public void Unequal_variances_give_the_Welch_Satterthwaite_degrees_of_freedom()
    {
        // a = 1..5: mean 3, s² 2.5; b = 2, 4, .. 10: mean 6, s² 10. s²a/na = 0.5, s²b/nb = 2, sum 2.5.
        // t = -3 / √2.5; ν = 2.5² / (0.5²/4 + 2²/4) = 6.25 / 1.0625 = 5.882352941...
        // p = I_{ν/(ν+t²)}(ν/2, 1/2) = 0.107531194930627 (regularised incomplete beta, mpmath at 30 digits).
        var w = WelchTest.Of([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
        Assert.Equal(-3, w.MeanDifference, 12);
        Assert.Equal(-3 / Math.Sqrt(2.5), w.T, 12);
        Assert.Equal(6.25 / 1.0625, w.DegreesOfFreedom, 10);
        Assert.Equal(0.107531194930627, w.PValue, 1e-9);
        Assert.False(w.IsSignificant());
        Assert.True(w.IsSignificant(0.2));
    }

    [Fact]
    public void Two_degrees_of_freedom_match_the_closed_form()
    {
        // a = {0, 2}, b = {3, 5}: means 1 and 4, both s² = 2 and s²/n = 1, so t = -3/√2 and ν = (1 + 1)² / (1/1 + 1/1) = 2.
        // With ν = 2 the t distribution has P(|T| ≥ x) = 1 - x/√(2 + x²): 1 - (3/√2)/√6.5 = 1 - 3/√13.
        var w = WelchTest.Of([0, 2], [3, 5]);
        Assert.Equal(-3 / Math.Sqrt(2), w.T, 12);
        Assert.Equal(2, w.DegreesOfFreedom, 12);
        Assert.Equal(1 - 3 / Math.Sqrt(13), w.PValue, 1e-10);
    }

    [Fact]
    public void One_degree_of_freedom_is_the_Cauchy_distribution()
    {
        // b constant: ν = (s²a/na)² / ((s²a/na)²/1) = 1, and T with ν = 1 is Cauchy: P(|T| ≥ x) = 1 - (2/π) atan x.
        // a = {0, 2}: mean 1, s²/n = 1; b = {5, 5}: t = (1 - 5)/1 = -4.
        var w = WelchTest.Of([0, 2], [5, 5]);
        Assert.Equal(-4, w.T, 12);
        Assert.Equal(1, w.DegreesOfFreedom, 12);
        Assert.Equal(1 - 2 / Math.PI * Math.Atan(4), w.PValue, 1e-10);
    }

    [Fact]
    public void The_test_is_symmetric_in_its_samples()
    {
        double[] a = [10.1, 9.8, 10.4, 10.0], b = [9.1, 9.9, 9.4, 9.6, 9.2];
        var ab = WelchTest.Of(a, b);
        var ba = WelchTest.Of(b, a);
        Assert.Equal(-ab.T, ba.T, 12);
        Assert.Equal(ab.DegreesOfFreedom, ba.DegreesOfFreedom, 12);
        Assert.Equal(ab.PValue, ba.PValue, 14);
    }

    [Fact]
    public void Identical_samples_are_not_different_and_distinct_constants_certainly_are()
    {
        var same = WelchTest.Of([3, 4, 5], [3, 4, 5]);
        Assert.Equal(0, same.T);
        Assert.Equal(1, same.PValue, 12);
        var equalConstants = WelchTest.Of([93, 93, 93], [93, 93]);
        Assert.Equal(1, equalConstants.PValue);
        Assert.False(equalConstants.IsSignificant());
        var distinctConstants = WelchTest.Of([93, 93, 93], [94, 94]);
        Assert.Equal(0, distinctConstants.PValue);
        Assert.Equal(double.NegativeInfinity, distinctConstants.T);
        Assert.True(distinctConstants.IsSignificant());
    }

    [Fact]
    public void Tiny_p_values_keep_their_digits()
    {
        // Far apart, ν = 2 as above scaled: t = -3000/√2; p = 1 - x/√(2 + x²) ≈ 1/x² for large x = 2/9e6.
        var w = WelchTest.Of([0, 2], [3000, 3002]);
        double x = 3000 / Math.Sqrt(2);
        Assert.Equal(1 / (x * x), w.PValue, 1e-12 / (x * x) * 1e6);
        Assert.True(w.PValue > 0);
    }

    [Fact]
    public void Fewer_than_two_values_or_a_non_finite_one_is_refused()
    {
        Assert.Throws<ArgumentException>(() => WelchTest.Of([1], [1, 2]));
        Assert.Throws<ArgumentException>(() => WelchTest.Of([1, 2], []));
        Assert.Throws<ArgumentException>(() => WelchTest.Of([1, double.NaN], [1, 2]));
        Assert.Throws<ArgumentException>(() => WelchTest.Of([1, 2], [1, double.PositiveInfinity]));
    }
}
