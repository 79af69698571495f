namespace IommuSim.Host;

/// <summary>One element of a scatter/gather list handed to dma_map_sg: a physically contiguous buffer.</summary>
/// <param name="PhysicalAddress">Where the buffer starts in memory (any byte alignment).</param>
/// <param name="Length">Its length in bytes, at least 1.</param>
public readonly record struct ScatterEntry(ulong PhysicalAddress, uint Length);
