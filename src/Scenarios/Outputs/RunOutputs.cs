using IommuSim.Model;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Running;

namespace IommuSim.Scenarios.Outputs;

/// <summary>Writes every output of <c>iommusim run</c> into a directory, all or nothing.</summary>
internal static class RunOutputs
{
    public const string ResolvedFileName = "scenario.resolved.yaml";

    /// <summary>The files written, in the order listed to the user.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [SummaryCsv.FileName, SweepCsv.FileName, LatencyCsv.FileName, HistogramCsv.FileName, DevicesCsv.FileName, FiguresCsv.FileName, CpuCsv.FileName,
         IommuCsv.FileName, ResolvedFileName, ReportFile.FileName];

    /// <summary>
    /// Writes the outputs of <paramref name="results"/> (sorted by variant, then replication) into
    /// <paramref name="directory"/>, all together or (failing, or cancelled before the swap) not at all.
    /// <paramref name="beforeStep"/> is <see cref="StagedDirectory"/>'s test hook: a throw stands for a failure at that step.
    /// </summary>
    public static void Write(string directory, LoadedScenario scenario, IReadOnlyList<RunResult> results, string toolVersion,
        CancellationToken cancellationToken = default, Action<string>? beforeStep = null) =>
        Write(directory, scenario, results, RunDistributions.Of(results), toolVersion, cancellationToken, beforeStep);

    /// <summary>
    /// As <see cref="Write(string, LoadedScenario, IReadOnlyList{RunResult}, string, CancellationToken, Action{string})"/>
    /// for results whose distributions were merged into <paramref name="distributions"/> (and may have been dropped);
    /// <paramref name="extraFiles"/> are files already written elsewhere (the traces), moved in under their names;
    /// <paramref name="warnings"/> are the run's, which the report shows first; <paramref name="png"/> adds the report's
    /// charts as images in <c>charts/</c>.
    /// </summary>
    public static void Write(string directory, LoadedScenario scenario, IReadOnlyList<RunResult> results, RunDistributions distributions,
        string toolVersion, CancellationToken cancellationToken = default, Action<string>? beforeStep = null,
        IReadOnlyList<(string Source, string Name)>? extraFiles = null, IReadOnlyList<string>? warnings = null, bool png = false)
    {
        using var staged = new StagedDirectory(directory, cancellationToken, beforeStep);
        var swept = SweptColumns.Of(scenario);
        SummaryCsv.Write(staged.File(SummaryCsv.FileName), swept, results);
        SweepCsv.Write(staged.File(SweepCsv.FileName), swept, results);
        LatencyCsv.Write(staged.File(LatencyCsv.FileName), swept, results);
        HistogramCsv.Write(staged.File(HistogramCsv.FileName), swept, results, distributions);
        DevicesCsv.Write(staged.File(DevicesCsv.FileName), swept, results);
        FiguresCsv.Write(staged.File(FiguresCsv.FileName), swept, results);
        CpuCsv.Write(staged.File(CpuCsv.FileName), swept, results);
        IommuCsv.Write(staged.File(IommuCsv.FileName), swept, results);
        using (var resolved = new StreamWriter(staged.File(ResolvedFileName), false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
            ResolvedScenarioWriter.Write(resolved, scenario, toolVersion);
        var report = ReportFile.Of(scenario, results, distributions, warnings ?? []);
        ReportFile.WriteHtml(staged.File(ReportFile.FileName), report);
        if (png) ReportFile.WritePngs(staged.File(ReportFile.ChartsDirectory), report);
        foreach (var (source, name) in extraFiles ?? []) File.Move(source, staged.File(name));
        staged.Commit();
    }
}
