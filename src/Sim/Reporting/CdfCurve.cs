using IommuSim.Kernel.Statistics;

namespace IommuSim.Reporting;

/// <summary>
/// The points of a latency distribution's cumulative distribution function, from its histogram's buckets: X the
/// bucket's largest value in nanoseconds, Y the fraction of values at or below it. Thinned to a bounded number of
/// points, keeping a bucket whenever the fraction or log10 of the latency has moved on by a step, so both the body
/// and the tail keep their shape; the last point is always (max, 1).
/// </summary>
internal static class CdfCurve
{
    /// <summary>
    /// At most this many points per curve: convention, enough for a smooth curve a few hundred pixels wide while a
    /// report with dozens of variants stays small.
    /// </summary>
    internal const int MaxPoints = 200;

    /// <summary>The curve of <paramref name="histogram"/> (picoseconds); empty for an empty histogram.</summary>
    internal static IReadOnlyList<ChartPoint> Of(LogLinearHistogram histogram, int maxPoints = MaxPoints)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 3);
        var points = new List<ChartPoint>();
        long count = histogram.Count;
        if (count == 0) return points;
        long max = histogram.Max;
        // Half the budget for steps of the fraction, half for steps of log10(latency); each level only rises, so
        // at most 1 + 2 × levels points are kept.
        int levels = (maxPoints - 1) / 2;
        double logMin = Math.Log10(Math.Max(1, histogram.Min)), logSpan = Math.Log10(Math.Max(1, max)) - logMin;
        int lastY = -1, lastX = -1;
        long seen = 0;
        foreach (var (_, hi, n) in histogram.Buckets())
        {
            seen += n;
            long top = Math.Min(hi - 1, max);
            double fraction = seen == count ? 1.0 : (double)seen / count;
            int yLevel = (int)(fraction * levels);
            int xLevel = top == max || logSpan <= 0
                ? levels
                : Math.Min(levels, (int)((Math.Log10(Math.Max(1, top)) - logMin) / logSpan * levels));
            if (yLevel <= lastY && xLevel <= lastX) continue;
            points.Add(new ChartPoint(top / 1000.0, fraction));
            lastY = yLevel;
            lastX = xLevel;
        }
        return points;
    }
}
