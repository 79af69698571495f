using IommuSim.Kernel.Statistics;

namespace IommuSim.Reporting;

/// <summary>
/// A figure over a variant's replications: its mean and the half-width of its 95% Student-t confidence interval,
/// null with a single replication (no spread to estimate, so no error bar).
/// </summary>
/// <param name="Mean">The value a chart plots.</param>
/// <param name="HalfWidth">The error bar's half-width; null for none.</param>
internal readonly record struct Estimate(double Mean, double? HalfWidth)
{
    /// <summary>
    /// The mean of the finite samples and its interval (the kernel's <see cref="ConfidenceInterval.StudentT"/>);
    /// null when no sample is finite (e.g. an IOTLB hit rate without lookups).
    /// </summary>
    internal static Estimate? Of(IReadOnlyList<double> samples)
    {
        var finite = Finite(samples);
        if (finite.Count == 0) return null;
        var ci = ConfidenceInterval.StudentT(finite);
        return new Estimate(ci.Mean, HalfWidthOf(ci));
    }

    /// <summary>
    /// <paramref name="value"/> (e.g. a percentile of the merged distribution) with the half-width of the
    /// per-replication <paramref name="samples"/>, as the summary table shows its p99.
    /// </summary>
    internal static Estimate WithSpreadOf(double value, IReadOnlyList<double> samples)
    {
        var finite = Finite(samples);
        return new Estimate(value, finite.Count == 0 ? null : HalfWidthOf(ConfidenceInterval.StudentT(finite)));
    }

    private static double? HalfWidthOf(ConfidenceInterval ci) => double.IsFinite(ci.HalfWidth) ? ci.HalfWidth : null;

    private static List<double> Finite(IReadOnlyList<double> samples)
    {
        var finite = new List<double>(samples.Count);
        foreach (double s in samples)
            if (double.IsFinite(s)) finite.Add(s);
        return finite;
    }
}
