namespace IommuSim.Scenarios.Loading;

/// <summary>
/// The anchors (<c>&amp;name</c>) of one YAML document read so far, and the nodes their aliases (<c>*name</c>)
/// stand for. An anchor names the latest node that carries it (YAML lets a later node reuse the name). A list or
/// mapping is anchored from its start but complete only at its end: an alias read in between would make the
/// node contain itself, so it is told apart from a name never defined.
/// </summary>
internal sealed class AnchorTable
{
    // null: the anchored list or mapping is still open.
    private readonly Dictionary<string, BuiltNode?> _anchors = new(StringComparer.Ordinal);

    /// <summary>A list or mapping anchored <paramref name="name"/> starts.</summary>
    public void Open(string name) => _anchors[name] = null;

    /// <summary>The node anchored <paramref name="name"/> is complete (a scalar, or a list or mapping at its end).</summary>
    public void Define(string name, BuiltNode node) => _anchors[name] = node;

    /// <summary>What an alias of <paramref name="name"/> refers to here; <paramref name="node"/> is set when it is <see cref="AliasTarget.Complete"/>.</summary>
    public AliasTarget Resolve(string name, out BuiltNode node)
    {
        node = default;
        if (!_anchors.TryGetValue(name, out var found)) return AliasTarget.Undefined;
        if (found is not { } complete) return AliasTarget.Open;
        node = complete;
        return AliasTarget.Complete;
    }
}

/// <summary>What an alias refers to at the point it is read.</summary>
internal enum AliasTarget
{
    /// <summary>No node before the alias carries the anchor.</summary>
    Undefined,
    /// <summary>A list or mapping that is still open: the alias is inside it (a recursive alias).</summary>
    Open,
    /// <summary>A node read to its end.</summary>
    Complete,
}
