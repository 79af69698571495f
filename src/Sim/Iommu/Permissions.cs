namespace IommuSim.Iommu;

/// <summary>What a device may do through a mapping (the read and write bits of a leaf entry).</summary>
[Flags]
public enum Permissions : byte
{
    /// <summary>No access; a leaf is never created with it.</summary>
    None = 0,
    /// <summary>The device may read (DMA from memory).</summary>
    Read = 1,
    /// <summary>The device may write (DMA to memory).</summary>
    Write = 2,
    /// <summary>Both read and write.</summary>
    ReadWrite = Read | Write,
}
