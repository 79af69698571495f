using System.Globalization;
using IommuSim.Model;
using IommuSim.Scenarios.Loading;

namespace IommuSim.Scenarios.Commands;

/// <summary>The work a loaded scenario asks for (<see cref="WorkEstimate"/>), as <c>validate</c> and <c>run</c> state it.</summary>
internal static class ScenarioWork
{
    /// <summary>The work of every variant and replication of <paramref name="scenario"/>.</summary>
    public static WorkEstimate Of(LoadedScenario scenario) =>
        scenario.Variants.Aggregate(default(WorkEstimate), (sum, v) => sum + WorkEstimate.Of(v.Spec));

    /// <summary>"about 551,000 DMAs" (rounded to three figures).</summary>
    public static string Describe(WorkEstimate work) => $"about {Round(work.Requests)} DMAs";

    /// <summary>The refusal of a run beyond the budget, naming what drives the work.</summary>
    public static ScenarioProblem TooMuch(LoadedScenario scenario, WorkEstimate work) => new(SourceLocation.Whole(scenario.Source),
        $"the scenario asks for {Describe(work)} and {Round(work.Translations)} translations, beyond the " +
        $"{Round(WorkEstimate.Budget)} a run does without --force (about {Hours(work):0.#} hours on one core); expected shorter " +
        "run.duration or run.warmup, lower rates, larger requests or fewer replications, or --force to run it anyway");

    private static double Hours(WorkEstimate work) => work.Units / 1.2e6 / 3600;   // about 1.2 M units per second per core

    private static string Round(double n)
    {
        if (!double.IsFinite(n)) return "infinitely many";
        if (n < 1000) return Math.Round(n).ToString("N0", CultureInfo.InvariantCulture);
        double scale = Math.Pow(10, Math.Floor(Math.Log10(n)) - 2);
        return (Math.Round(n / scale) * scale).ToString("N0", CultureInfo.InvariantCulture);
    }
}
