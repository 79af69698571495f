namespace IommuSim.Host;

/// <summary>One DMA segment returned by dma_map_sg: what the driver writes into a device descriptor.</summary>
/// <param name="DmaAddress">The address the device uses (IOVA, or physical without translation).</param>
/// <param name="Length">Bytes in the segment.</param>
public readonly record struct DmaSegment(ulong DmaAddress, uint Length);
