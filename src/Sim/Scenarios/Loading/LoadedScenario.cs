namespace IommuSim.Scenarios.Loading;

/// <summary>A scenario file read, overridden and bound without problems: the variants to run, in order.</summary>
/// <param name="Source">The file as the user named it.</param>
/// <param name="Variants">Every variant, in run and output order.</param>
internal sealed record LoadedScenario(string Source, IReadOnlyList<ScenarioVariant> Variants)
{
    /// <summary>The file's document (file keys left out), to place an error found only at setup; null when not kept.</summary>
    public SpecNode? Document { get; init; }

    /// <summary>Where in the file <paramref name="key"/> (a dotted path) is written: its node, or the deepest one on the way.</summary>
    public SourceLocation LocationOf(string key) => Document is { } d ? SpecBinder.Locate(d, key).Location : SourceLocation.Whole(Source);

    /// <summary>Total replications over all variants (each variant's own run.replications).</summary>
    public int TotalReplications => Variants.Sum(v => v.Spec.Run.Replications);
}
