using System.CommandLine;
using System.Globalization;

namespace IommuSim.Scenarios.Commands;

/// <summary><c>iommusim validate FILE</c>: load and bind every variant, report every problem, run nothing.</summary>
internal static class ValidateCommand
{
    public static Command Build()
    {
        var input = new ScenarioInput();
        var command = new Command("validate",
            "Check a scenario file: every problem is listed with file:line:col and exit code 2; nothing runs.\n" +
            "Example: iommusim validate scenarios/quickstart.yaml --set host.mode=strict");
        input.AddTo(command);
        command.SetAction(parse =>
        {
            var outcome = input.Load(parse);
            if (!outcome.Ok) return ScenarioInput.Reject(parse.InvocationConfiguration.Error, outcome.Problems);
            var scenario = outcome.Scenario!;
            var names = scenario.Variants.Select(v => v.Name).ToList();
            string shown = string.Join(", ", names.Take(5)) + (names.Count > 5 ? ", ..." : "");
            var first = scenario.Variants[0].Spec;
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"OK {scenario.Source}: scenario '{first.Name}', {Count(names.Count, "variant")} ({shown}), " +
                $"{Count(scenario.TotalReplications, "run")}, {Count(first.Devices.Count, "device")}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
