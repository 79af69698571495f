namespace IommuSim.Kernel.Statistics;

/// <summary>
/// Running statistics of a series of observations (one per event, e.g. per request latency):
/// count, sum, mean, sample variance, minimum and maximum, in constant memory.
/// </summary>
/// <remarks>
/// Mean and variance use Welford's update, which stays accurate when the mean is large compared to
/// the spread (a naive sum of squares would cancel catastrophically). <see cref="Merge"/> combines two
/// tallies with the pairwise formula of Chan, Golub and LeVeque, so per-replication tallies can be pooled.
/// </remarks>
public sealed class Tally
{
    private long _count;
    private double _mean;
    private double _sumSquaredDeviations; // Welford's M2: sum of (x - mean)^2
    private double _sum;
    private double _min = double.NaN;
    private double _max = double.NaN;

    /// <summary>The number of observations.</summary>
    public long Count => _count;

    /// <summary>The sum of the observations (0 when empty).</summary>
    public double Sum => _sum;

    /// <summary>The arithmetic mean; NaN when empty.</summary>
    public double Mean => _count > 0 ? _mean : double.NaN;

    /// <summary>The sample variance (divisor n - 1); NaN with fewer than two observations.</summary>
    public double Variance => _count > 1 ? _sumSquaredDeviations / (_count - 1) : double.NaN;

    /// <summary>The sample standard deviation, the square root of <see cref="Variance"/>.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>The smallest observation; NaN when empty.</summary>
    public double Min => _min;

    /// <summary>The largest observation; NaN when empty.</summary>
    public double Max => _max;

    /// <summary>Records one observation. Allocation-free.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is NaN or infinite (it would poison every statistic).</exception>
    public void Add(double x)
    {
        if (!double.IsFinite(x))
            throw new ArgumentOutOfRangeException(nameof(x), x, "An observation must be a finite number.");
        _count++;
        double delta = x - _mean;
        _mean += delta / _count;
        _sumSquaredDeviations += delta * (x - _mean);
        _sum += x;
        if (_count == 1)
        {
            _min = x;
            _max = x;
        }
        else
        {
            if (x < _min) _min = x;
            if (x > _max) _max = x;
        }
    }

    /// <summary>
    /// Adds all observations of <paramref name="other"/> to this tally, as if each had been passed to
    /// <see cref="Add"/> (equal up to floating-point rounding). <paramref name="other"/> is unchanged.
    /// </summary>
    public void Merge(Tally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._count == 0) return;
        if (_count == 0)
        {
            _count = other._count;
            _mean = other._mean;
            _sumSquaredDeviations = other._sumSquaredDeviations;
            _sum = other._sum;
            _min = other._min;
            _max = other._max;
            return;
        }
        long n = _count + other._count;
        double delta = other._mean - _mean;
        double weightOther = (double)other._count / n;
        double m2 = _sumSquaredDeviations + other._sumSquaredDeviations + delta * delta * _count * weightOther;
        _mean += delta * weightOther;
        _sumSquaredDeviations = m2;
        _count = n;
        _sum += other._sum;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>Forgets all observations (e.g. at the end of a warm-up period).</summary>
    public void Reset()
    {
        _count = 0;
        _mean = 0;
        _sumSquaredDeviations = 0;
        _sum = 0;
        _min = double.NaN;
        _max = double.NaN;
    }
}
