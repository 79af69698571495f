using IommuSim.Kernel;

namespace IommuSim.Queueing;

/// <summary>A source of random or fixed durations (interarrival times, service times).</summary>
public interface IDurationSource
{
    /// <summary>The mean duration, for reporting and offered-load arithmetic.</summary>
    SimTime Mean { get; }

    /// <summary>Draws the next duration.</summary>
    SimTime Next();
}
