namespace IommuSim.Platform;

/// <summary>A configuration pitfall found in the booted topology.</summary>
/// <param name="Kind">Which pitfall.</param>
/// <param name="Message">What is wrong, what Linux does about it, and how to avoid it.</param>
/// <param name="Devices">The functions concerned.</param>
/// <param name="GroupId">The group concerned, if the pitfall is about a group.</param>
public sealed record TopologyWarning(TopologyWarningKind Kind, string Message, IReadOnlyList<PciAddress> Devices, int? GroupId);
