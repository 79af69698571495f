namespace IommuSim.Scenarios.Loading;

/// <summary>The result of loading: a scenario, or every problem found (sorted by position).</summary>
internal sealed record LoadOutcome(LoadedScenario? Scenario, IReadOnlyList<ScenarioProblem> Problems)
{
    /// <summary>True when the scenario loaded without problems.</summary>
    public bool Ok => Scenario is not null && Problems.Count == 0;
}
