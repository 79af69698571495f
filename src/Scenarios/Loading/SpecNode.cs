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

    /// <summary>
    /// The node on one line in YAML flow style (<c>strict</c>, <c>{duration: 3ms, seed: 2}</c>, <c>[1, 2]</c>;
    /// quotes dropped), for messages that quote a value.
    /// </summary>
    public abstract string Flow();
}
