namespace IommuSim.Platform;

/// <summary>How boot set up one PCI function for DMA.</summary>
/// <param name="Device">The function.</param>
/// <param name="Unit">The IOMMU unit translating it; null when outside every scope or without an enabled IOMMU.</param>
/// <param name="Group">Its IOMMU group; null when it has none.</param>
/// <param name="Path">How its DMA reaches memory.</param>
public sealed record DeviceDmaSetup(PciDevice Device, IommuUnit? Unit, IommuGroup? Group, DmaPath Path);
