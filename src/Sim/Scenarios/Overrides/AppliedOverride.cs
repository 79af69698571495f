namespace IommuSim.Scenarios.Overrides;

/// <summary>An override as applied to one variant's document.</summary>
/// <param name="Change">The override.</param>
/// <param name="Target">
/// The path it set, with list items by index whatever the override wrote (<c>devices.nic0.rate</c> is
/// <c>devices.0.rate</c>), so that two spellings of one place compare equal.
/// </param>
internal sealed record AppliedOverride(Override Change, string Target);
