namespace IommuSim.Kernel.Statistics;

/// <summary>
/// Statistics of a quantity that holds its value between changes over simulated time (queue length,
/// busy walkers, outstanding tags): its time integral, time average, time-weighted variance, minimum
/// and maximum since the window started (construction or <see cref="Reset"/>).
/// </summary>
/// <remarks>
/// Each value is weighted by how long it was held. The variance uses West's weighted incremental update
/// (1979) rather than a sum of squares, which would cancel catastrophically for large values with small
/// spread. Queries take the current time and account for the still-open interval since the last update
/// without changing state. Allocation-free.
/// </remarks>
public sealed class TimeWeightedMonitor
{
    private SimTime _windowStart;
    private SimTime _lastUpdate;
    private double _current;
    private double _min;
    private double _max;
    private double _integralPs;     // sum of value * duration, duration in picoseconds
    private double _weightPs;       // total duration folded into the running mean and variance
    private double _runningMean;
    private double _sumSquaredDeviations;

    /// <summary>Starts observing at <paramref name="start"/> with the quantity at <paramref name="initial"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initial"/> is NaN or infinite.</exception>
    public TimeWeightedMonitor(SimTime start, double initial = 0)
    {
        RequireFinite(initial, nameof(initial));
        _windowStart = start;
        _lastUpdate = start;
        _current = initial;
        _min = initial;
        _max = initial;
    }

    /// <summary>The value now.</summary>
    public double Current => _current;

    /// <summary>The smallest value taken since the window started, including values held for no time.</summary>
    public double Min => _min;

    /// <summary>The largest value taken since the window started, including values held for no time.</summary>
    public double Max => _max;

    /// <summary>The start of the observation window: construction time or the last <see cref="Reset"/>.</summary>
    public SimTime WindowStart => _windowStart;

    /// <summary>The time of the last change (or of the window start if none since).</summary>
    public SimTime LastUpdate => _lastUpdate;

    /// <summary>Sets the quantity to <paramref name="value"/> at time <paramref name="now"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="now"/> is earlier than the previous update.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public void Update(SimTime now, double value)
    {
        RequireFinite(value, nameof(value));
        double held = HeldSinceLastUpdate(now);
        if (held > 0)
        {
            _integralPs += _current * held;
            _weightPs += held;
            double delta = _current - _runningMean;
            _runningMean += held / _weightPs * delta;
            _sumSquaredDeviations += held * delta * (_current - _runningMean);
        }
        _lastUpdate = now;
        _current = value;
        if (value < _min) _min = value;
        if (value > _max) _max = value;
    }

    /// <summary>Adds <paramref name="amount"/> to the quantity at time <paramref name="now"/> (e.g. an arrival).</summary>
    /// <exception cref="ArgumentException"><paramref name="now"/> is earlier than the previous update.</exception>
    public void Increment(SimTime now, double amount = 1) => Update(now, _current + amount);

    /// <summary>Subtracts <paramref name="amount"/> from the quantity at time <paramref name="now"/> (e.g. a departure).</summary>
    /// <exception cref="ArgumentException"><paramref name="now"/> is earlier than the previous update.</exception>
    public void Decrement(SimTime now, double amount = 1) => Update(now, _current - amount);

    /// <summary>
    /// The integral of the quantity over [window start, <paramref name="now"/>), in value × seconds
    /// (e.g. for a queue length, request-seconds).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="now"/> is earlier than the last update.</exception>
    public double Integral(SimTime now) =>
        (_integralPs + _current * HeldSinceLastUpdate(now)) / SimTime.PsPerS;

    /// <summary>
    /// The time average over [window start, <paramref name="now"/>): <see cref="Integral"/> divided by the
    /// window length. For an empty window (now equals the window start) it is <see cref="Current"/>,
    /// the limit as the window shrinks.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="now"/> is earlier than the last update.</exception>
    public double Mean(SimTime now)
    {
        double open = HeldSinceLastUpdate(now);
        double total = _weightPs + open;
        return total > 0 ? (_integralPs + _current * open) / total : _current;
    }

    /// <summary>
    /// The time-weighted variance over [window start, <paramref name="now"/>): the time average of
    /// (value - mean)^2, each value weighted by how long it was held. 0 for an empty window.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="now"/> is earlier than the last update.</exception>
    public double Variance(SimTime now)
    {
        double open = HeldSinceLastUpdate(now);
        double weight = _weightPs + open;
        if (weight <= 0) return 0;
        double s = _sumSquaredDeviations;
        if (open > 0)
        {
            double delta = _current - _runningMean;
            double mean = _runningMean + open / weight * delta;
            s += open * delta * (_current - mean);
        }
        return Math.Max(0, s / weight);
    }

    /// <summary>
    /// Starts a new window at <paramref name="now"/> keeping the current value (e.g. at the end of
    /// warm-up): integral, averages, minimum and maximum restart from the current value.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="now"/> is earlier than the last update.</exception>
    public void Reset(SimTime now)
    {
        HeldSinceLastUpdate(now); // only to reject a time before the last update
        _windowStart = now;
        _lastUpdate = now;
        _min = _current;
        _max = _current;
        _integralPs = 0;
        _weightPs = 0;
        _runningMean = 0;
        _sumSquaredDeviations = 0;
    }

    private double HeldSinceLastUpdate(SimTime now)
    {
        if (now < _lastUpdate)
            throw new ArgumentException(
                $"Time went backwards: {now} is earlier than the last update at {_lastUpdate}.", nameof(now));
        return (now - _lastUpdate).Picoseconds;
    }

    private static void RequireFinite(double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, "The monitored value must be a finite number.");
    }
}
