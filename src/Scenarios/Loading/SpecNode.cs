namespace IommuSim.Scenarios.Loading;

/// <summary>
/// A node of a scenario document: the YAML tree with every node's origin, immutable so variants
/// share the unchanged parts of the base document and overrides rebuild only the path they change.
/// </summary>
internal abstract class SpecNode
{
    protected SpecNode(SourceLocation location) => Location = location;

    /// <summary>Where the node starts.</summary>
    public SourceLocation Location { get; }

    /// <summary>"a mapping", "a list" or "the value 'x'", for messages about the wrong kind of node.</summary>
    public abstract string Describe();
}
