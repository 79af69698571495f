namespace IommuSim.Reporting;

/// <summary>
/// The figures section: a bar chart per figure (throughput, drops, IOTLB hit rate, busiest CPU), one category per
/// variant, error bars the 95% confidence half-widths over replications (none with one replication).
/// </summary>
internal static class FigureCharts
{
    /// <summary>The section's charts; a figure no variant has (e.g. the hit rate without an IOMMU) is left out.</summary>
    internal static IReadOnlyList<Chart> Of(IReadOnlyList<VariantRuns> variants, ChartIds ids)
    {
        var charts = new List<Chart>();
        foreach (var figure in VariantFigure.Bars)
        {
            var points = new List<ChartPoint>();
            // A category's X is the variant's index, so categories line up across charts even where one is missing.
            for (int i = 0; i < variants.Count; i++)
                if (figure.Estimate(variants[i]) is { } e)
                    points.Add(new ChartPoint(i, e.Mean, variants[i].Name, e.HalfWidth));
            if (points.Count == 0) continue;
            charts.Add(new Chart(ids.Next(figure.Id), figure.Title, ChartKind.Bar, new ChartAxis("Variant"), figure.Axis,
                [new ChartSeries(figure.Title, points)],
                "Means over replications; error bars are 95% Student-t confidence intervals (none with one replication)."));
        }
        return charts;
    }
}
