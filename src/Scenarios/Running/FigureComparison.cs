using IommuSim.Kernel.Statistics;
using IommuSim.Model;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// One key figure of one variant against the baseline's: its mean over the replications with the 95% half-width,
/// the relative change of the mean, and whether the difference is significant (Welch's t-test, two-sided, 5%).
/// </summary>
/// <param name="Figure">The figure.</param>
/// <param name="Mean">The mean over the replications; NaN when a replication lacks the figure.</param>
/// <param name="HalfWidth">The 95% Student-t half-width; NaN with one replication.</param>
/// <param name="Change">(mean - baseline mean) / baseline mean; NaN for the baseline itself or a baseline mean of 0 or NaN.</param>
/// <param name="Test">Welch's test against the baseline; null where it does not apply (see <see cref="Significant"/>).</param>
internal sealed record FigureComparison(KeyFigure Figure, double Mean, double HalfWidth, double Change, WelchTest? Test)
{
    /// <summary>The significance level of the test: the false-positive rate between two runs of one scenario.</summary>
    public const double Alpha = 0.05;

    /// <summary>
    /// Whether the difference is significant at <see cref="Alpha"/>; null (n/a) for the baseline itself, with one
    /// replication on either side, or when either side lacks the figure.
    /// </summary>
    public bool? Significant => Test?.IsSignificant(Alpha);

    /// <summary>The figure of <paramref name="runs"/> against that of <paramref name="baseline"/>.</summary>
    public static FigureComparison Of(KeyFigure figure, IReadOnlyList<RunResult> runs, IReadOnlyList<RunResult> baseline, bool isBaseline)
    {
        var samples = runs.Select(figure.Of).ToList();
        var reference = baseline.Select(figure.Of).ToList();
        double mean = samples.Average(), baseMean = reference.Average();
        double change = isBaseline || !double.IsFinite(baseMean) || baseMean == 0 ? double.NaN : (mean - baseMean) / baseMean;
        bool testable = !isBaseline && samples.Count > 1 && reference.Count > 1 && samples.All(double.IsFinite) && reference.All(double.IsFinite);
        return new FigureComparison(figure, mean, VariantSummary.HalfWidth(samples), change, testable ? WelchTest.Of(samples, reference) : null);
    }
}
