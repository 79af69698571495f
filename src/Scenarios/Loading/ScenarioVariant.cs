using IommuSim.Model.Spec;

namespace IommuSim.Scenarios.Loading;

/// <summary>One variant to run: its name (a column of every output) and its fully bound spec.</summary>
internal sealed record ScenarioVariant(string Name, ScenarioSpec Spec);
