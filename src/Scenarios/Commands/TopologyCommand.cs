using System.CommandLine;
using IommuSim.Host.Vfio;
using IommuSim.Model;
using IommuSim.Platform;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;
using IommuSim.Scenarios.Overrides;

namespace IommuSim.Scenarios.Commands;

/// <summary>
/// <c>iommusim topology FILE</c>: load and check the scenario like <c>validate</c>, boot one variant's platform
/// and print its IOMMU groups as <c>/sys/kernel/iommu_groups</c> shows them, the functions left untranslated, and
/// warnings about known pitfalls. Boot, grouping and the pitfalls are the library's (<see cref="PlatformBoot"/>,
/// <see cref="TopologyReport"/>); this only prints them.
/// </summary>
internal static class TopologyCommand
{
    public static Command Build()
    {
        var input = new ScenarioInput(withSeed: false);
        var variant = new Option<string?>(VariantChoice.OptionName)
        {
            HelpName = "NAME",
            Description = "Variant whose platform to boot (default: base; the first variant when include_base is false).",
        };
        var command = new Command("topology",
            "Boot a scenario's platform and list its IOMMU groups as /sys/kernel/iommu_groups/<n>/devices/<bdf> lines,\n" +
            "each with its default domain type and the function's driver, then the functions the IOMMU does not\n" +
            "translate. Pitfalls (a function outside every IOMMU unit while interrupt remapping is on, a group shared\n" +
            "by different owners) are printed to stderr as warnings; they do not change the exit code. The scenario\n" +
            "is checked like 'validate' first (every problem as file:line:col, exit code 2). Groups are as after boot,\n" +
            "before any VM takes its functions.\n" +
            "Example: iommusim topology scenarios/bypass-intremap.yaml --variant intremap-off")
        {
            variant,
        };
        input.AddTo(command);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var outcome = input.Load(parse);
            if (!outcome.Ok) return ScenarioInput.Reject(stderr, outcome.Problems);
            var scenario = outcome.Scenario!;
            var chosen = VariantChoice.Only(scenario, [parse.GetValue(variant) ?? DefaultVariant(scenario)]);
            if (!chosen.Ok) return ScenarioInput.Reject(stderr, chosen.Problems);
            var booted = chosen.Scenario!.Variants[0];
            var spec = booted.Spec;
            // Booted as a run boots it: workload devices without a declared topology appear behind their ports.
            var boot = ScenarioBoot.Boot(spec);
            var report = TopologyReport.Create(boot, spec.Host.Intremap, VmSpec.FunctionOwners(spec.Vms));

            stdout.WriteLine($"# {scenario.Source}, variant {booted.Name}: {report.Detection.Summary}");
            foreach (var line in report.Lines)
                stdout.WriteLine($"{line.Text} driver={line.Driver}");
            foreach (var setup in report.Untranslated)
                stdout.WriteLine($"untranslated {setup.Device.Address} driver={setup.Device.Driver}: {WhyUntranslated(boot, setup.Device)}");
            foreach (var warning in report.Warnings)
                stderr.WriteLine("warning: " + Excerpt.Of(warning.Message, ScenarioInput.MaxLineLength));
            return ExitCodes.Ok;
        });
        return command;
    }

    // Without --variant: base, or the first variant when base does not run.
    private static string DefaultVariant(LoadedScenario scenario) =>
        scenario.Variants.Any(v => v.Name == VariantDefinition.BaseName) ? VariantDefinition.BaseName : scenario.Variants[0].Name;

    // Which of the reasons boot had applies (PlatformBoot: not enabled, or no unit for the function).
    private static string WhyUntranslated(BootResult boot, PciDevice device) =>
        device.Bus.BypassIommu ? $"root bus {device.Bus.Root.Address} bypasses the IOMMU"
        : !boot.Detection.Enabled ? "the IOMMU does not translate (see the first line)"
        : "in no IOMMU unit's scope";
}
