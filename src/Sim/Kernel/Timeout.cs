namespace IommuSim.Kernel;

/// <summary>An event that succeeds by itself after a delay. It is scheduled when created.</summary>
public sealed class Timeout : Event
{
    /// <summary>The delay after which the timeout fires.</summary>
    public SimTime Delay { get; }

    /// <summary>Creates a timeout that fires <paramref name="delay"/> from now.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative.</exception>
    public Timeout(Simulation simulation, SimTime delay, object? value = null, int priority = Priority.Normal)
        : base(simulation)
    {
        if (delay.Picoseconds < 0)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "a timeout cannot be negative");
        Delay = delay;
        TriggerAfter(delay.Picoseconds, value, priority);
    }
}
