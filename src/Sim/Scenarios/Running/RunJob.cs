using IommuSim.Kernel;
using IommuSim.Scenarios.Loading;

namespace IommuSim.Scenarios.Running;

/// <summary>One (variant, replication) pair; <see cref="Index"/> is its place in the outputs.</summary>
internal sealed record RunJob(int Index, ScenarioVariant Variant, int Replication)
{
    /// <summary>The simulated time the replication covers (warm-up plus duration), for progress.</summary>
    public SimTime SimulatedTime => Variant.Spec.Run.Warmup + Variant.Spec.Run.Duration;

    /// <summary>Every replication of every variant, variant by variant.</summary>
    public static IReadOnlyList<RunJob> For(LoadedScenario scenario)
    {
        var jobs = new List<RunJob>(scenario.TotalReplications);
        foreach (var variant in scenario.Variants)
            for (int r = 0; r < variant.Spec.Run.Replications; r++)
                jobs.Add(new RunJob(jobs.Count, variant, r));
        return jobs;
    }
}
