namespace IommuSim.Iommu;

/// <summary>What a DMA does to memory, seen from the device.</summary>
public enum AccessKind : byte
{
    /// <summary>The device reads memory (a PCIe memory read; DMA towards the device).</summary>
    Read,
    /// <summary>The device writes memory (a PCIe memory write; DMA from the device).</summary>
    Write,
}
