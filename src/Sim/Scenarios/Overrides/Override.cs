using IommuSim.Scenarios.Loading;

namespace IommuSim.Scenarios.Overrides;

/// <summary>
/// "Set the value at this dotted path": from a variant, a sweep point or <c>--set</c>. The path
/// addresses mapping keys and list items by index (<c>devices.0.rate</c>) or by their <c>name</c>
/// (<c>devices.nic0.rate</c>); the value replaces the node there (a whole section when it is a mapping).
/// </summary>
/// <param name="Path">The dotted path as written.</param>
/// <param name="PathLocation">Where the path was written; new keys the override creates get this location.</param>
/// <param name="Value">The new value, with its own location.</param>
/// <param name="Origin">Who wrote it: a variant, a sweep point, <c>--set</c> or <c>--seed</c>.</param>
internal sealed record Override(string Path, SourceLocation PathLocation, SpecNode Value, OverrideOrigin Origin)
{
    /// <summary>The path's keys; empty segments (<c>a..b</c>) are left for the applier to report.</summary>
    public string[] Segments => Path.Split('.');
}
