namespace IommuSim.Scenarios.Overrides;

/// <summary>One variant to run: its name and the overrides that turn the base document into it, in order.</summary>
internal sealed record VariantDefinition(string Name, IReadOnlyList<Override> Overrides)
{
    /// <summary>The name of the scenario as written.</summary>
    public const string BaseName = "base";
}
