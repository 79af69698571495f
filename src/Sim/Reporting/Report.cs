namespace IommuSim.Reporting;

/// <summary>
/// A whole report, defined from results: the question the scenario asks, its key settings, the warnings the model
/// raised (shown first, prominently) and the sections of charts. Renderers turn it into a file.
/// </summary>
/// <param name="Title">The scenario's name.</param>
/// <param name="Question">The scenario's description: the question it answers.</param>
/// <param name="Settings">Key settings, in order.</param>
/// <param name="Warnings">The warnings of the run, one line each.</param>
/// <param name="Sections">The charts, by section.</param>
public sealed record Report(string Title, string Question, IReadOnlyList<ReportSetting> Settings, IReadOnlyList<string> Warnings,
    IReadOnlyList<ReportSection> Sections)
{
    /// <summary>Every chart, in section order.</summary>
    public IEnumerable<Chart> Charts => Sections.SelectMany(s => s.Charts);
}
