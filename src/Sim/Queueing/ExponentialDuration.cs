using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;

namespace IommuSim.Queueing;

/// <summary>Exponentially distributed durations (Poisson arrivals, memoryless service).</summary>
public sealed class ExponentialDuration : IDurationSource
{
    private readonly RandomStream _stream;
    private readonly double _meanPs;

    /// <summary>Draws from <paramref name="stream"/> with the given mean.</summary>
    public ExponentialDuration(RandomStream stream, SimTime mean)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (mean.Picoseconds <= 0) throw new ArgumentOutOfRangeException(nameof(mean), mean, "the mean must be positive");
        _stream = stream;
        Mean = mean;
        _meanPs = mean.Picoseconds;
    }

    /// <inheritdoc/>
    public SimTime Mean { get; }

    /// <inheritdoc/>
    public SimTime Next() => new((long)Math.Round(_stream.NextExponential(_meanPs)));
}
