namespace IommuSim.Kernel.Statistics;

/// <summary>
/// Welch's unequal-variances t-test of whether two samples (e.g. the replications of two variants) have the same
/// mean: t = (mean(a) - mean(b)) / √(s²a/na + s²b/nb) with the Welch–Satterthwaite degrees of freedom
/// ν = (s²a/na + s²b/nb)² / ((s²a/na)²/(na - 1) + (s²b/nb)²/(nb - 1)), and the two-sided p-value
/// 2·P(T_ν ≥ |t|). Unlike Student's pooled test it does not assume the variants vary alike, which they rarely do
/// (a passthrough latency does not vary at all).
/// </summary>
/// <param name="MeanDifference">mean(a) - mean(b).</param>
/// <param name="T">The t statistic; ±∞ when both samples are constant and their means differ, 0 when they are equal.</param>
/// <param name="DegreesOfFreedom">ν; na + nb - 2 when both samples are constant (no variance to weigh; the p-value is then 0 or 1 whatever ν).</param>
/// <param name="PValue">The two-sided p-value in [0, 1].</param>
public readonly record struct WelchTest(double MeanDifference, double T, double DegreesOfFreedom, double PValue)
{
    /// <summary>True when the means differ at significance level <paramref name="alpha"/> (two-sided): p &lt; alpha.</summary>
    public bool IsSignificant(double alpha = 0.05) => PValue < alpha;

    /// <summary>The test of <paramref name="a"/> against <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">A sample has fewer than two values, or a value is NaN or infinite.</exception>
    public static WelchTest Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (meanA, varA) = MeanAndVariance(a, nameof(a));
        var (meanB, varB) = MeanAndVariance(b, nameof(b));
        double diff = meanA - meanB;
        double wa = varA / a.Count, wb = varB / b.Count;
        double se2 = wa + wb;
        if (se2 == 0)
        {
            // Two constants: equal or not, with certainty.
            return diff == 0
                ? new WelchTest(0, 0, a.Count + b.Count - 2, 1)
                : new WelchTest(diff, diff > 0 ? double.PositiveInfinity : double.NegativeInfinity, a.Count + b.Count - 2, 0);
        }
        double t = diff / Math.Sqrt(se2);
        double nu = se2 * se2 / (wa * wa / (a.Count - 1) + wb * wb / (b.Count - 1));
        // The upper tail, not 1 - CDF, so that a tiny p-value keeps its digits.
        double p = 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, nu, -Math.Abs(t));
        return new WelchTest(diff, t, nu, Math.Min(1, p));
    }

    // Two passes, as ConfidenceInterval: the mean, then the squared deviations from it.
    private static (double Mean, double Variance) MeanAndVariance(IReadOnlyList<double> samples, string name)
    {
        int n = samples.Count;
        if (n < 2) throw new ArgumentException($"Welch's test needs at least two values in each sample; {name} has {n}.", name);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(samples[i])) throw new ArgumentException($"Value {i} of {name} is {samples[i]}; values must be finite.", name);
            sum += samples[i];
        }
        double mean = sum / n, squares = 0;
        for (int i = 0; i < n; i++) squares += (samples[i] - mean) * (samples[i] - mean);
        return (mean, squares / (n - 1));
    }
}
