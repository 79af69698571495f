namespace IommuSim.Host;

/// <summary>
/// A magazine of cached IOVA ranges of one size: a small stack of first-page numbers, as in Bonwick and
/// Adams' magazine allocator and drivers/iommu/iova.c (struct iova_magazine).
/// </summary>
internal sealed class IovaMagazine
{
    /// <summary>
    /// Ranges per magazine: 127, chosen in Linux so that a magazine (size word + 127 pfns) is exactly 1 KiB
    /// (drivers/iommu/iova.c, IOVA_MAG_SIZE; older kernels used 128).
    /// </summary>
    public const int Capacity = 127;

    private readonly ulong[] _pfns = new ulong[Capacity];

    /// <summary>Ranges held.</summary>
    public int Count { get; private set; }

    /// <summary>True when no range can be added.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>True when it holds nothing.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The first page of range <paramref name="index"/>.</summary>
    public ulong this[int index] => _pfns[index];

    /// <summary>Adds a range; the caller checks <see cref="IsFull"/>.</summary>
    public void Push(ulong pfn) => _pfns[Count++] = pfn;

    /// <summary>
    /// Takes the most recently added range whose first page is at most <paramref name="maxPfn"/>; 0 when none
    /// is (the range is then found in the tree instead). The hole is filled by the top entry, as Linux does.
    /// </summary>
    public ulong Pop(ulong maxPfn)
    {
        int i = Count - 1;
        while (i >= 0 && _pfns[i] > maxPfn) i--;
        if (i < 0) return 0;
        ulong pfn = _pfns[i];
        _pfns[i] = _pfns[--Count];
        return pfn;
    }

    /// <summary>Forgets every range (after they were given back to the tree).</summary>
    public void Clear() => Count = 0;
}
