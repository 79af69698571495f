namespace IommuSim.Scenarios.Loading;

/// <summary>
/// Bounds on the shape of a scenario document, far beyond any real scenario, so that hostile YAML is refused
/// with a located message instead of exhausting the stack, the memory or the user's patience.
/// </summary>
internal static class TreeLimits
{
    /// <summary>
    /// The deepest nesting of lists and mappings, aliases counted as copies of what they name. The deepest
    /// path of a real scenario is about 8 levels (platform.topology.devices.0.acs.0); 64 leaves room for any
    /// hand-written structure while every walk of the tree (binding, messages) stays shallow. YamlDotNet's own
    /// loader recursed once per level and overflowed the stack on a few tens of thousands of '['.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The most nodes (lists, mappings, keys and values) a document may have, aliases counted as copies of what
    /// they name. A real scenario has a few hundred (about 200,000 with 10,000 devices and their topology, which
    /// PCI can address); 1,000,000 bounds the memory of the tree (about 150 MB) while a "billion laughs" alias
    /// bomb (9 aliases of 9 aliases of ...) is refused at the alias that crosses it, long before it would expand
    /// to gigabytes. The work of binding every variant is bounded apart (VariantPlanner.MaxBoundNodes).
    /// </summary>
    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>
    /// The most characters of scalar text a document may have, aliases counted as copies: 16 Mi, a thousand times
    /// a long description, so that a few aliases of a large value cannot fill the memory either.
    /// </summary>
    public const long MaxExpandedCharacters = 16L * 1024 * 1024;
}
