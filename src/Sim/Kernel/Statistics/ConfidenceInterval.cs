namespace IommuSim.Kernel.Statistics;

/// <summary>
/// A two-sided confidence interval for a mean, [Mean - HalfWidth, Mean + HalfWidth], at confidence
/// <paramref name="Level"/> from <paramref name="N"/> samples (typically one per replication).
/// </summary>
/// <param name="Mean">The sample mean.</param>
/// <param name="HalfWidth">Half the interval's width; +∞ when one sample gives no spread estimate.</param>
/// <param name="N">The number of samples.</param>
/// <param name="Level">The confidence level in (0, 1), e.g. 0.95.</param>
public readonly record struct ConfidenceInterval(double Mean, double HalfWidth, int N, double Level)
{
    /// <summary>The lower end, Mean - HalfWidth.</summary>
    public double Lower => Mean - HalfWidth;

    /// <summary>The upper end, Mean + HalfWidth.</summary>
    public double Upper => Mean + HalfWidth;

    /// <summary>True if <paramref name="x"/> lies in the closed interval [Lower, Upper].</summary>
    public bool Contains(double x) => x >= Lower && x <= Upper;

    /// <summary>
    /// The Student-t interval for the mean of independent, roughly normal samples (e.g. replication
    /// means): HalfWidth = t(1 - (1 - level)/2; N - 1) × s / √N with s the sample standard deviation.
    /// With a single sample the spread is unknown and HalfWidth is +∞ (the interval says nothing),
    /// rather than an error, so one-replication runs still report.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="samples"/> is empty or contains NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not strictly between 0 and 1.</exception>
    public static ConfidenceInterval StudentT(IReadOnlyList<double> samples, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie strictly between 0 and 1.");
        int n = samples.Count;
        if (n == 0)
            throw new ArgumentException("A confidence interval needs at least one sample.", nameof(samples));

        // Two passes: the mean first, then squared deviations from it (accurate without Welford here).
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(samples[i]))
                throw new ArgumentException($"Sample {i} is {samples[i]}; samples must be finite.", nameof(samples));
            sum += samples[i];
        }
        double mean = sum / n;
        if (n == 1) return new ConfidenceInterval(mean, double.PositiveInfinity, 1, level);

        double squares = 0;
        for (int i = 0; i < n; i++)
            squares += (samples[i] - mean) * (samples[i] - mean);
        double standardError = Math.Sqrt(squares / (n - 1) / n);
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, n - 1, 1 - (1 - level) / 2);
        return new ConfidenceInterval(mean, t * standardError, n, level);
    }
}
