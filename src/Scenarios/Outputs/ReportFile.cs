using IommuSim.Model;
using IommuSim.Reporting;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Reports;
using IommuSim.Scenarios.Running;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// <c>report.html</c> (and with <c>--png</c> the charts as images): the library's report of the run's results,
/// rendered with Plotly.NET into one self-contained page, or with ScottPlot into PNGs.
/// </summary>
internal static class ReportFile
{
    public const string FileName = "report.html";
    public const string ChartsDirectory = "charts";

    /// <summary>The report of <paramref name="results"/>, with the run's <paramref name="warnings"/>.</summary>
    public static Report Of(LoadedScenario scenario, IReadOnlyList<RunResult> results, RunDistributions distributions, IReadOnlyList<string> warnings) =>
        ScenarioReport.Of(scenario, results, distributions, warnings);

    public static void WriteHtml(string path, Report report) => ReportHtml.Write(path, report);

    public static void WritePngs(string directory, Report report)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, bytes) in ScottPlotChartRenderer.Pngs(report)) File.WriteAllBytes(Path.Combine(directory, name), bytes);
    }
}
