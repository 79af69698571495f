namespace IommuSim.Devices.Replay;

/// <summary>What one row of a DMA trace records: a device DMA, or the driver's mapping activity.</summary>
public enum DmaTraceDirection
{
    /// <summary>The device reads memory (a DMA to the device) at the row's IOVA range.</summary>
    Read,
    /// <summary>The device writes memory (a DMA from the device) at the row's IOVA range.</summary>
    Write,
    /// <summary>The driver maps the row's IOVA range (dma_map_*).</summary>
    Map,
    /// <summary>The driver unmaps the row's IOVA range (dma_unmap_*).</summary>
    Unmap,
}
