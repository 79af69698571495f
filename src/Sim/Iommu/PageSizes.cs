namespace IommuSim.Iommu;

/// <summary>
/// A set of page sizes, e.g. the leaf sizes an IOMMU unit supports (the role of Linux's pgsize_bitmap).
/// </summary>
[Flags]
public enum PageSizes : byte
{
    /// <summary>No page size.</summary>
    None = 0,
    /// <summary>4 KiB leaves (level 1).</summary>
    Size4KiB = 1,
    /// <summary>2 MiB leaves (level 2).</summary>
    Size2MiB = 2,
    /// <summary>1 GiB leaves (level 3).</summary>
    Size1GiB = 4,
    /// <summary>4 KiB and 2 MiB.</summary>
    UpTo2MiB = Size4KiB | Size2MiB,
    /// <summary>4 KiB, 2 MiB and 1 GiB.</summary>
    All = Size4KiB | Size2MiB | Size1GiB,
}
