namespace IommuSim.Scenarios.Loading;

/// <summary>
/// The size of YAML as if every alias were a copy of the node it names: what the tree's walks (binding each
/// variant, messages) cost, however small the text. Computed without expanding: a node's size is its own plus
/// its children's, and an alias costs its target's size.
/// </summary>
/// <param name="Nodes">Lists, mappings, keys and values.</param>
/// <param name="Characters">Characters of scalar text, keys included.</param>
internal readonly record struct ExpandedSize(long Nodes, long Characters)
{
    /// <summary>One list or mapping, without its children.</summary>
    public static ExpandedSize Collection => new(1, 0);

    /// <summary>One scalar of <paramref name="text"/>.</summary>
    public static ExpandedSize Scalar(string text) => new(1, text.Length);

    public static ExpandedSize operator +(ExpandedSize a, ExpandedSize b) => new(a.Nodes + b.Nodes, a.Characters + b.Characters);

    public static ExpandedSize operator -(ExpandedSize a, ExpandedSize b) => new(a.Nodes - b.Nodes, a.Characters - b.Characters);
}
