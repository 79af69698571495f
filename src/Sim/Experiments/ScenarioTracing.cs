using System.Globalization;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Observe.Ftrace;
using IommuSim.Observe.Recording;
using IommuSim.Observe.TraceDat;
using IommuSim.Parameters;
using IommuSim.Scenarios.Loading;

namespace IommuSim.Experiments;

/// <summary>
/// Traces replication 0 of one variant in memory, as <c>iommusim trace</c> does to files: the same contexts, the
/// same selection by limit, the text's header written last (it counts the lines), the .dat through the same writer.
/// </summary>
internal static class ScenarioTracing
{
    public static TraceFixture Record(LoadedScenario scenario, ScenarioSpec spec, string variant, FtraceProfile profile, long? limit,
        CancellationToken cancellationToken)
    {
        var lines = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var text = new FtraceTextWriter(lines, profile, TraceContext.Boot());
        using var dat = new MemoryStream();
        var content = new TraceDatContent
        {
            CpuCount = spec.Host.Cpus,
            Events = [.. IommuEventFormats.All(profile).Select(f => new TraceEventFormat(f.Name, f.Id, f.FormatFile()))],
        };
        RunResult run;
        TraceSelection selection;
        using (var writer = new TraceDatWriter(dat, content, TraceDatVersion.V7, TraceDatCompression.None))
        {
            var recorder = new DatTraceRecorder(writer, profile);
            selection = new TraceSelection(profile, null, limit, text, recorder);
            try
            {
                run = ScenarioRunner.Run(spec, variant, 0, null, cancellationToken, selection);
            }
            catch (ScenarioSetupException e)
            {
                throw new ScenarioException([$"{scenario.LocationOf(e.Key)}: error: {e.Message}"]);
            }
            recorder.Complete();
        }
        var header = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        FtraceHeader.Write(header, profile.Layout, text.LinesWritten, text.LinesWritten, spec.Host.Cpus);
        return new TraceFixture(header.ToString() + lines.ToString(), dat.ToArray(), selection.Recorded, run);
    }
}
