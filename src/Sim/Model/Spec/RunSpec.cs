using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Model.Spec;

/// <summary>How long to run, what to discard, and how many independent replications.</summary>
public sealed record RunSpec : IValidatableSpec
{
    /// <summary>Measured simulated time per replication (after warm-up).</summary>
    [Param("duration", "Measured simulated time per replication, after warm-up.",
        Source = "IommuSim run convention: long enough for 10^5 DMAs at 10 Gbps of 4 KiB", Min = 1)]
    public SimTime Duration { get; init; } = SimTime.FromMilliseconds(10);

    /// <summary>Simulated time discarded at the start (caches and queues fill).</summary>
    [Param("warmup", "Simulated time run before measuring starts (caches fill, queues settle).",
        Source = "IommuSim run convention: 10% of the default duration", Min = 0)]
    public SimTime Warmup { get; init; } = SimTime.FromMilliseconds(1);

    /// <summary>Master seed; replication r uses a stream family derived from it.</summary>
    [Param("seed", "Master random seed; same seed, same outputs.", Source = "IommuSim run convention")]
    public ulong Seed { get; init; } = 1;

    /// <summary>Independent replications per variant (for confidence intervals).</summary>
    [Param("replications", "Independent replications per variant, for confidence intervals.",
        Source = "IommuSim run convention; 1 keeps quick runs quick", Min = 1, Max = 10000)]
    public int Replications { get; init; } = 1;

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (Duration.Picoseconds <= 0) yield return new SpecProblem("duration", "the duration must be positive");
    }
}
