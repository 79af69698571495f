using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Reporting;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// The report of a loaded scenario's results: its variants' runs in scenario order, framed by the first variant's
/// name, description and key settings. The CLI renders it into report.html; notebooks draw its charts.
/// </summary>
internal static class ScenarioReport
{
    /// <summary>The report of <paramref name="results"/>, with the run's <paramref name="warnings"/>.</summary>
    public static Report Of(LoadedScenario scenario, IReadOnlyList<RunResult> results, RunDistributions distributions, IReadOnlyList<string> warnings)
    {
        var first = scenario.Variants[0].Spec;
        var variants = scenario.Variants
            .Select(v => new VariantRuns(v.Name, v.SweptValues, [.. results.Where(r => r.Variant == v.Name).OrderBy(r => r.Replication)],
                distributions.MetricsOf(v.Name)))
            .ToList();
        return ReportBuilder.Build(first.Name, first.Description, Settings(first, scenario.Variants.Count), warnings, variants);
    }

    // The settings that frame the answer, as written in a scenario file, from the first variant.
    private static IReadOnlyList<ReportSetting> Settings(ScenarioSpec spec, int variants)
    {
        string F<T>(T value) => ((ScalarSpecType)SpecTypes.Of(typeof(T))).Format(value);
        var settings = new List<ReportSetting>
        {
            new("variants", variants.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("run.duration", F(spec.Run.Duration)),
            new("run.warmup", F(spec.Run.Warmup)),
            new("run.replications", F(spec.Run.Replications)),
            new("run.seed", F(spec.Run.Seed)),
            new("host.mode", F(spec.Host.Mode)),
            new("host.cpus", F(spec.Host.Cpus)),
            new("platform.iommu.kind", F(spec.Platform.Iommu.Kind)),
            new("platform.iommu.iotlb.entries", F(spec.Platform.Iommu.Iotlb.Entries)),
        };
        foreach (var d in spec.Devices)
            settings.Add(new($"devices.{d.Name}", SpecTypes.Of(d.GetType()) is RecordSpecType { VariantName: { } kind } ? kind : d.GetType().Name));
        return settings;
    }
}
