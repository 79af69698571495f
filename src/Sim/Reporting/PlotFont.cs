using SkiaSharp;

namespace IommuSim.Reporting;

/// <summary>
/// The sans-serif font charts are drawn in. ScottPlot's own guess can land on a serif face on Linux (it did on the
/// development machine), so the first installed of a few common sans-serif families is asked for by name.
/// </summary>
internal static class PlotFont
{
    private static readonly string[] Candidates = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI"];

    /// <summary>The first candidate installed here; null when none is (ScottPlot then chooses).</summary>
    internal static string? SansSerif { get; } = Find();

    private static string? Find()
    {
        foreach (string family in Candidates)
        {
            using var typeface = SKTypeface.FromFamilyName(family);
            if (typeface is not null && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase)) return family;
        }
        return null;
    }
}
