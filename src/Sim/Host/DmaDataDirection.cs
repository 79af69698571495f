namespace IommuSim.Host;

/// <summary>Direction of a streaming DMA mapping, as Linux's enum dma_data_direction.</summary>
public enum DmaDataDirection
{
    /// <summary>The device may read and write (IOMMU read and write permission).</summary>
    Bidirectional,
    /// <summary>The device reads memory (IOMMU read permission), e.g. a NIC transmit buffer.</summary>
    ToDevice,
    /// <summary>The device writes memory (IOMMU write permission), e.g. a NIC receive buffer.</summary>
    FromDevice,
}
