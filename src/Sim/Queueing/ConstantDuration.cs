using IommuSim.Kernel;

namespace IommuSim.Queueing;

/// <summary>A fixed duration every time (deterministic service, periodic arrivals).</summary>
public sealed class ConstantDuration : IDurationSource
{
    /// <summary>Always returns <paramref name="value"/>.</summary>
    public ConstantDuration(SimTime value)
    {
        if (value.Picoseconds < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "a duration cannot be negative");
        Mean = value;
    }

    /// <inheritdoc/>
    public SimTime Mean { get; }

    /// <inheritdoc/>
    public SimTime Next() => Mean;
}
