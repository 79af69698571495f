namespace IommuSim.Reporting;

/// <summary>One point of a series.</summary>
/// <param name="X">Its X value; for bar charts the category's index.</param>
/// <param name="Y">Its Y value.</param>
/// <param name="Category">For bar charts, the category it belongs to (a variant's name); null on numeric X axes.</param>
/// <param name="ErrorY">Half-width of its error bar (a 95% confidence interval); null for none.</param>
public readonly record struct ChartPoint(double X, double Y, string? Category = null, double? ErrorY = null);
