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
}
