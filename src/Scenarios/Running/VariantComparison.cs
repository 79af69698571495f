using IommuSim.Model;

namespace IommuSim.Scenarios.Running;

/// <summary>One variant of <c>iommusim compare</c>: its key figures, each against the baseline's.</summary>
/// <param name="Label">The variant's name, as <c>file:variant</c> when several files are compared.</param>
/// <param name="Replications">The replications it ran.</param>
/// <param name="IsBaseline">True for the variant the others are compared with.</param>
/// <param name="Figures">The figures of <see cref="KeyFigure.All"/>, in that order.</param>
internal sealed record VariantComparison(string Label, int Replications, bool IsBaseline, IReadOnlyList<FigureComparison> Figures)
{
    /// <summary>The variant of <paramref name="runs"/> against <paramref name="baseline"/>'s runs.</summary>
    public static VariantComparison Of(string label, IReadOnlyList<RunResult> runs, IReadOnlyList<RunResult> baseline, bool isBaseline) =>
        new(label, runs.Count, isBaseline, KeyFigure.All.Select(f => FigureComparison.Of(f, runs, baseline, isBaseline)).ToList());
}
