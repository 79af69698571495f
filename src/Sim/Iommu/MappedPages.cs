namespace IommuSim.Iommu;

/// <summary>
/// The leaves one <see cref="IoPageTable.Map"/> call created, as runs of equal-size pages in IOVA order.
/// </summary>
/// <remarks>
/// Splitting by alignment and remaining size only ever climbs to larger pages while the addresses become
/// more aligned, then steps down as the remainder shrinks: 4K* 2M* 1G* 2M* 4K*. So one map yields at most
/// five runs, held inline without allocation.
/// </remarks>
public readonly struct MappedPages
{
    /// <summary>The most runs a map can produce (2 × 3 page sizes − 1).</summary>
    public const int MaxRuns = 5;

    private readonly PageRunBuffer _runs;

    internal MappedPages(in PageRunBuffer runs, int runCount)
    {
        _runs = runs;
        RunCount = runCount;
    }

    /// <summary>Number of runs (0 to <see cref="MaxRuns"/>).</summary>
    public int RunCount { get; }

    /// <summary>The run at <paramref name="index"/>, in IOVA order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="RunCount"/>.</exception>
    public PageRun this[int index] => (uint)index < (uint)RunCount
        ? _runs[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"there are {RunCount} runs");

    /// <summary>Total leaves created.</summary>
    public long PageCount
    {
        get
        {
            long n = 0;
            for (int i = 0; i < RunCount; i++) n += _runs[i].Count;
            return n;
        }
    }

    /// <summary>Total bytes mapped.</summary>
    public ulong Bytes
    {
        get
        {
            ulong n = 0;
            for (int i = 0; i < RunCount; i++) n += _runs[i].Bytes;
            return n;
        }
    }
}
