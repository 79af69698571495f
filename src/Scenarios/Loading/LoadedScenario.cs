namespace IommuSim.Scenarios.Loading;

/// <summary>A scenario file read, overridden and bound without problems: the variants to run, in order.</summary>
/// <param name="Source">The file as the user named it.</param>
/// <param name="Variants">Every variant, in run and output order.</param>
internal sealed record LoadedScenario(string Source, IReadOnlyList<ScenarioVariant> Variants)
{
    /// <summary>Total replications over all variants (each variant's own run.replications).</summary>
    public int TotalReplications => Variants.Sum(v => v.Spec.Run.Replications);
}
