using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Model.Spec;

/// <summary>How long to run, what to discard, and how many independent replications.</summary>
public sealed record RunSpec : IValidatableSpec
{
    /// <summary>Measured simulated time per replication (after warm-up).</summary>
    [Param("duration", "Measured simulated time per replication, after warm-up.",
        Source = "convention: ten periods of the lazy flush-queue timer (10 ms), so timer flushes are counted to within 10%; " +
                 "30,500 DMAs at 10 Gbps of 4 KiB, 83,000 of 1500 B. A run too short to trust is warned about", Min = 1, Max = Bounds.RunTime)]
    public SimTime Duration { get; init; } = SimTime.FromMilliseconds(100);

    /// <summary>Simulated time discarded at the start (caches and queues fill).</summary>
    [Param("warmup", "Simulated time run before measuring starts (caches fill, queues settle).",
        Source = "convention: two flush-queue timer periods (10 ms each), so lazy queues reach their steady cycle and the first " +
                 "IOVAs come back from the per-CPU caches; 6,100 DMAs at 10 Gbps of 4 KiB, enough to fill a 1,024-entry IOTLB " +
                 "over 4,096 pages (about 1,200 misses). A warm-up that leaves the IOTLB filling is warned about", Min = 0, Max = Bounds.RunTime)]
    public SimTime Warmup { get; init; } = SimTime.FromMilliseconds(20);

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
