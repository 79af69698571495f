using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;
using IommuSim.Scenarios.Overrides;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// <c>scenario.resolved.yaml</c>: a scenario file that reruns exactly what ran. The root holds one run
/// variant's full spec (<c>base</c> when it ran, else the first); <c>variants</c> holds every other
/// run variant as full top-level sections (name, description, run, platform, host, devices), so no
/// default, override, sweep point, <c>--set</c> or <c>--seed</c> is left implicit. Seeds are each
/// variant's <c>run.seed</c>; the writing tool's version is <c>tool_version</c>; a swept run's values per variant are
/// <c>swept</c>, so that the rerun's CSVs have the same swept columns.
/// </summary>
internal static class ResolvedScenarioWriter
{
    public static void Write(TextWriter writer, LoadedScenario scenario, string toolVersion)
    {
        var variants = scenario.Variants;
        bool baseRan = variants[0].Name == VariantDefinition.BaseName;
        var others = baseRan ? variants.Skip(1).ToList() : variants.ToList();
        var root = SpecTypes.Scenario;

        writer.WriteLine($"# Written by iommusim {toolVersion} from {Path.GetFileName(scenario.Source)}: every variant that ran,");
        writer.WriteLine("# fully resolved (defaults, variants, sweep points, --set and --seed written out).");
        writer.WriteLine("# Rerun with: iommusim run scenario.resolved.yaml");
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        var yaml = new SpecYamlEmitter(emitter);
        yaml.BeginMapping();
        yaml.Key(FileKeys.ToolVersion);
        yaml.Text(toolVersion);
        yaml.Key(FileKeys.IncludeBase);
        yaml.Flag(baseRan);
        yaml.Keys(variants[0].Spec, root);
        if (others.Count > 0)
        {
            yaml.Key(FileKeys.Variants);
            yaml.BeginMapping();
            foreach (var v in others)
            {
                yaml.Key(v.Name);
                yaml.Value(v.Spec, root);
            }
            yaml.EndMapping();
        }
        // Which values each variant's sweep point gave: the rerun's swept columns, as this run's.
        if (variants.Any(v => v.SweptValues.Count > 0))
        {
            yaml.Key(FileKeys.Swept);
            yaml.BeginMapping();
            foreach (var v in variants.Where(v => v.SweptValues.Count > 0))
            {
                yaml.Key(v.Name);
                yaml.BeginMapping();
                foreach (var value in v.SweptValues)
                {
                    yaml.Key(value.Path);
                    yaml.Text(value.Text);
                }
                yaml.EndMapping();
            }
            yaml.EndMapping();
        }
        yaml.EndMapping();
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
    }
}
