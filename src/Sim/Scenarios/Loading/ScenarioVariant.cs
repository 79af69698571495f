using IommuSim.Model.Spec;
using IommuSim.Reporting;

namespace IommuSim.Scenarios.Loading;

/// <summary>One variant to run: its name (a column of every output) and its fully bound spec.</summary>
/// <param name="Name">The name the outputs label its rows with.</param>
/// <param name="Spec">The scenario as this variant runs it.</param>
/// <param name="Warnings">
/// What the user should know about how the variant was made (a <c>--set</c> overriding the variant's own
/// value), one line each, without the variant's name in front.
/// </param>
internal sealed record ScenarioVariant(string Name, ScenarioSpec Spec, IReadOnlyList<string> Warnings)
{
    /// <summary>The values its sweep point gives the swept paths, in sweep order; empty without a sweep.</summary>
    public IReadOnlyList<SweptValue> SweptValues { get; init; } = [];
}
