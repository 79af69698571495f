namespace IommuSim.Platform;

/// <summary>
/// How boot set up one PCI function: the unit translating it and its group. A function without a group is
/// not translated (dma-direct): the IOMMU is off or absent, or the function is outside every unit's scope.
/// How the DMA API then maps for it follows from the host mode and the group's domain type.
/// </summary>
/// <param name="Device">The function.</param>
/// <param name="Unit">The IOMMU unit translating it; null when outside every scope or without an enabled IOMMU.</param>
/// <param name="Group">Its IOMMU group; null when it has none.</param>
public sealed record DeviceDmaSetup(PciDevice Device, IommuUnit? Unit, IommuGroup? Group);
