using IommuSim.Model;
using IommuSim.Scenarios.Loading;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// The warnings of a run, each led by its variant's name: how variants were made (a <c>--set</c> overriding a
/// variant's own value), known before the run; and what the model and the run-quality checks found, after it.
/// </summary>
internal static class RunWarnings
{
    /// <summary>The warnings the variants carry from loading.</summary>
    public static List<string> OfVariants(LoadedScenario scenario) =>
        [.. scenario.Variants.SelectMany(v => v.Warnings.Select(w => $"{v.Name}: {w}"))];

    /// <summary>The model's warnings (each once), then whether each variant's figures can be trusted (<see cref="RunQuality"/>).</summary>
    public static List<string> OfResults(IReadOnlyList<RunResult> results)
    {
        var warnings = results.SelectMany(r => r.Warnings.Select(w => $"{r.Variant}: {w}")).Distinct().ToList();
        foreach (var variant in results.GroupBy(r => r.Variant))
            warnings.AddRange(RunQuality.Check(variant.ToList()).Select(w => $"{variant.Key}: {w}"));
        return warnings;
    }
}
