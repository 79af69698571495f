using IommuSim.Reporting;
using static IommuSim.Tests.Reporting.ReportFixtures;

namespace IommuSim.Tests.Reporting;

public class CdfCurveTests
{
    [Fact]
    public void Exact_small_values_give_one_point_each_at_their_cumulative_fraction()
    {
        // Values below 256 ps have buckets of their own: four values, four steps of 1/4.
        var points = CdfCurve.Of(Histogram(100, 150, 150, 250));
        Assert.Equal([0.100, 0.150, 0.250], points.Select(p => p.X));
        Assert.Equal([0.25, 0.75, 1.0], points.Select(p => p.Y));
    }

    [Fact]
    public void A_wide_distribution_is_thinned_to_the_bound_and_still_ends_at_its_maximum_and_one()
    {
        // 200,000 distinct values from 1 ns to 200 µs fill thousands of buckets.
        var values = Enumerable.Range(1, 200_000).Select(i => (long)i * 1000).ToArray();
        var points = CdfCurve.Of(Histogram(values));
        Assert.InRange(points.Count, 50, CdfCurve.MaxPoints);
        Assert.Equal(1.0, points[^1].Y);
        Assert.Equal(200_000.0, points[^1].X); // 200 µs in ns: the exact maximum
        for (int i = 1; i < points.Count; i++)
        {
            Assert.True(points[i].X > points[i - 1].X, $"X not increasing at {i}");
            Assert.True(points[i].Y >= points[i - 1].Y, $"Y decreasing at {i}");
        }
        // The last 2% keep a point of their own before the maximum.
        Assert.Contains(points, p => p.Y > 0.98 && p.Y < 1.0);
    }

    [Fact]
    public void An_empty_histogram_has_no_curve() => Assert.Empty(CdfCurve.Of(Histogram()));
}
