using System.CommandLine;
using System.Globalization;
using IommuSim.Model;

namespace IommuSim.Scenarios.Commands;

/// <summary><c>iommusim validate FILE</c>: load and bind every variant, report every problem, run nothing.</summary>
internal static class ValidateCommand
{
    public static Command Build()
    {
        var input = new ScenarioInput();
        var variants = VariantChoice.Repeatable(
            "Check that the scenario has this variant (repeatable) and count the runs of the variants named, as 'run --variant' would make them.");
        var command = new Command("validate",
            "Check a scenario file: every problem is listed with file:line:col and exit code 2; nothing runs.\n" +
            "Example: iommusim validate scenarios/quickstart.yaml --set host.mode=strict")
        {
            variants,
        };
        input.AddTo(command);
        command.SetAction(parse =>
        {
            var outcome = input.Load(parse);
            if (!outcome.Ok) return ScenarioInput.Reject(parse.InvocationConfiguration.Error, outcome.Problems);
            var chosen = VariantChoice.Only(outcome.Scenario!, parse.GetValue(variants) ?? []);
            if (!chosen.Ok) return ScenarioInput.Reject(parse.InvocationConfiguration.Error, chosen.Problems);
            var scenario = chosen.Scenario!;
            int all = outcome.Scenario!.Variants.Count;
            var names = scenario.Variants.Select(v => v.Name).ToList();
            string shown = string.Join(", ", names.Take(5)) + (names.Count > 5 ? ", ..." : "");
            // "1 of 3 variants" when --variant left some out, so the count is not mistaken for the scenario's.
            string counted = names.Count == all ? Count(all, "variant") : $"{names.Count} of {Count(all, "variant")}";
            var first = scenario.Variants[0].Spec;
            var work = ScenarioWork.Of(scenario);
            string budget = work.IsBeyondBudget ? $" (beyond the {WorkEstimate.Budget:N0} units a run does without --force)" : "";
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"OK {scenario.Source}: scenario '{first.Name}', {counted} ({shown}), " +
                $"{Count(scenario.TotalReplications, "run")}, {Count(first.Devices.Count, "device")}, {ScenarioWork.Describe(work)}{budget}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n:N0} {noun}s";
}
