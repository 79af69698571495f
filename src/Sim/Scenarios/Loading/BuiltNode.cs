namespace IommuSim.Scenarios.Loading;

/// <summary>
/// A node of a YAML document read to its end, with what an alias of it or a key made of it needs to know.
/// </summary>
/// <param name="Node">The node.</param>
/// <param name="Tag">The scalar's tag as written (<c>!!str</c> expanded), or "" without one: keys are the same only with the same tag.</param>
/// <param name="Plain">True for an unquoted scalar: only a plain <c>&lt;&lt;</c> is the merge key.</param>
/// <param name="Height">Levels of lists and mappings from the node down, aliases counted as copies: 0 for a scalar.</param>
/// <param name="Size">The node's size with its aliases counted as copies: what an alias of it adds to the document.</param>
internal readonly record struct BuiltNode(SpecNode Node, string Tag, bool Plain, int Height, ExpandedSize Size);
