namespace IommuSim.Devices.DmaStream;

/// <summary>When a device's driver maps its buffers through the DMA API.</summary>
public enum BufferMapping
{
    /// <summary>Once, before the run: a page_pool driver recycles mapped pages.</summary>
    PreMapped,
    /// <summary>dma_map_single before and dma_unmap_single after every request.</summary>
    PerRequest,
}
