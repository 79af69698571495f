using IommuSim.Parameters;

namespace IommuSim.Devices.Nic;

/// <summary>How a NIC driver supplies receive buffers and maps them for DMA.</summary>
public enum RxBuffering
{
    /// <summary>
    /// A page_pool: each queue's pool of pages is mapped once when the pages enter it (PP_FLAG_DMA_MAP) and recycled,
    /// one frame per page (mlx5, ice); the pages may come from huge pages mapped with 2 MiB IOMMU pages.
    /// </summary>
    [SpecName("page-pool")]
    PagePool,

    /// <summary>
    /// One page per descriptor, mapped once, whose two 2 KiB halves take turns (ixgbe, i40e: the page offset flips
    /// after each frame), so a page serves two frames before its first half is written again.
    /// </summary>
    [SpecName("page-flip")]
    PageFlip,

    /// <summary>A buffer mapped with dma_map_single when it is put on the ring and unmapped when its frame is received (e1000).</summary>
    [SpecName("per-packet")]
    PerPacket,
}
