namespace IommuSim.Devices.Nvme;

/// <summary>
/// One command's data pointer as the driver wrote it, and what it cost: the descriptor blocks taken from the DMA pools.
/// The descriptor reads and data segments themselves are in the caller's spans; this gives their counts.
/// </summary>
/// <param name="Format">PRPs or an SGL.</param>
/// <param name="Prp1">PRP entry 1 (PRP format): the first data address, possibly with an offset into its page.</param>
/// <param name="Prp2">PRP entry 2 (PRP format): 0, the second data page, or the first PRP list's address.</param>
/// <param name="Sgl">The SGL descriptor in the command (SGL format): a Data Block, or a Last Segment pointing to the list.</param>
/// <param name="DescriptorReads">Descriptor reads written, in the order the controller makes them.</param>
/// <param name="DataSegments">Data segments written, in transfer order.</param>
/// <param name="SmallPoolAllocations">Blocks the driver took from the 256-byte pool (a dma_pool_alloc each).</param>
/// <param name="LargePoolAllocations">Blocks the driver took from the controller-page pool (a dma_pool_alloc each).</param>
public readonly record struct NvmeDataPointers(
    NvmeDataPointerFormat Format,
    ulong Prp1,
    ulong Prp2,
    NvmeSglDescriptor Sgl,
    int DescriptorReads,
    int DataSegments,
    int SmallPoolAllocations,
    int LargePoolAllocations)
{
    /// <summary>Descriptor blocks allocated for this command, both pools together.</summary>
    public int PoolAllocations => SmallPoolAllocations + LargePoolAllocations;
}
