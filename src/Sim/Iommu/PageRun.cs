namespace IommuSim.Iommu;

/// <summary>Consecutive leaves of one size made by one map call.</summary>
/// <param name="Iova">IOVA of the first page.</param>
/// <param name="PhysicalAddress">Physical address of the first page.</param>
/// <param name="PageSize">Size of every page in the run.</param>
/// <param name="Count">Number of pages.</param>
public readonly record struct PageRun(ulong Iova, ulong PhysicalAddress, PageSize PageSize, long Count)
{
    /// <summary>Bytes the run covers.</summary>
    public ulong Bytes => (ulong)Count * PageSize.Bytes;
}
