namespace IommuSim.Devices.Nvme;

/// <summary>
/// Where the driver's descriptor blocks live: each call stands for one <c>dma_pool_alloc</c> and gives the DMA
/// address (as the controller sees it) of a fresh block of the pool's size.
/// </summary>
public interface INvmeDescriptorAllocator
{
    /// <summary>The DMA address of a new block from <paramref name="pool"/>, aligned to the block size.</summary>
    ulong Allocate(NvmeDescriptorPool pool);
}
