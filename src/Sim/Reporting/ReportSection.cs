namespace IommuSim.Reporting;

/// <summary>A titled group of charts in a report.</summary>
/// <param name="Title">The section's heading.</param>
/// <param name="Charts">Its charts, in order.</param>
public sealed record ReportSection(string Title, IReadOnlyList<Chart> Charts);
