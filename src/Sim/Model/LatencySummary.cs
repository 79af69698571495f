using IommuSim.Kernel.Statistics;

namespace IommuSim.Model;

/// <summary>
/// The figures of one latency distribution, in picoseconds: what a row of <c>latency.csv</c> shows. Kept when a
/// run's distributions are dropped (<see cref="RunResult.WithoutDistributions"/>), so thousands of replications
/// cost their figures, not their histograms.
/// </summary>
/// <param name="Count">Values recorded.</param>
/// <param name="Mean">Their mean (exact sum, one rounding); NaN when <paramref name="Count"/> is 0.</param>
/// <param name="Min">The smallest value; 0 when empty.</param>
/// <param name="Max">The largest value; 0 when empty.</param>
/// <param name="P50">Nearest-rank median (see <see cref="LogLinearHistogram.Percentile"/>); 0 when empty.</param>
/// <param name="P90">90th percentile; 0 when empty.</param>
/// <param name="P99">99th percentile; 0 when empty.</param>
/// <param name="P999">99.9th percentile; 0 when empty.</param>
public readonly record struct LatencySummary(long Count, double Mean, long Min, long Max, long P50, long P90, long P99, long P999)
{
    /// <summary>The figures of <paramref name="histogram"/>.</summary>
    public static LatencySummary Of(LogLinearHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.Count == 0) return new LatencySummary(0, double.NaN, 0, 0, 0, 0, 0, 0);
        return new LatencySummary(histogram.Count, histogram.Mean, histogram.Min, histogram.Max, histogram.Percentile(0.5),
            histogram.Percentile(0.9), histogram.Percentile(0.99), histogram.Percentile(0.999));
    }
}
