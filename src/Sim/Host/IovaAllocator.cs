using IommuSim.Kernel;

namespace IommuSim.Host;

/// <summary>
/// One domain's IOVA allocator, after Linux's drivers/iommu/iova.c: a tree of allocated ranges searched
/// top-down below a limit (the device's DMA mask), with size-aligned ranges, in front of which per-CPU
/// magazine caches serve frees and re-allocations of up to <see cref="MaxCachedPages"/> pages.
/// All addresses are page frame numbers (pfn) of the 4 KiB IOVA granule.
/// </summary>
/// <remarks>
/// <para>Tree search (alloc_iova with size_aligned): the search starts at a cached node, the last range
/// allocated below 4 GiB for limits at or below 4 GiB and the last one above otherwise, and walks down to
/// the first gap that holds the size-aligned range; if none is found it retries once in the space above
/// the cached node, from the limit down. So the first allocation is the highest aligned range below the
/// limit, the next ones go below it, and a free above the cached node moves it up so the hole is reused.
/// A failed search below 4 GiB remembers the size, and later 32-bit requests of that size or larger fail
/// at once until something below 4 GiB is freed (max32_alloc_size).</para>
/// <para>Fast path (alloc_iova_fast / free_iova_fast): sizes under 32 pages are rounded up to a power of
/// two, so a freed range always fits a later request of the same size class; the size class is
/// ceil(log2(pages)) and ranges of up to 32 pages are cached. Ranges in a magazine stay allocated in the
/// tree. When the tree has no room and the caller allows it, every CPU's magazines and the depot are
/// emptied back into the tree and the search is tried once more.</para>
/// <para>Not thread-safe: the simulation runs one event at a time; "CPU" is the index of the simulated
/// CPU making the call.</para>
/// </remarks>
public sealed class IovaAllocator
{
    /// <summary>log2 of the IOVA granule (4 KiB, the smallest IOMMU page size).</summary>
    public const int PageShift = 12;

    /// <summary>
    /// Largest range the magazines cache, in pages: 2^(IOVA_RANGE_CACHE_MAX_SIZE - 1) = 32 with
    /// IOVA_RANGE_CACHE_MAX_SIZE = 6 (drivers/iommu/iova.c), i.e. 128 KiB.
    /// </summary>
    public const ulong MaxCachedPages = 1UL << (CacheClasses - 1);

    /// <summary>First pfn above 32-bit addresses (dma_32bit_pfn).</summary>
    public const ulong Dma32BitPfn = 1UL << (32 - PageShift);

    // IOVA_RANGE_CACHE_MAX_SIZE: size classes 0..5 (1..32 pages).
    private const int CacheClasses = 6;
    // IOVA_ANCHOR: a range at the very top that every search starts below.
    private const ulong AnchorPfn = ulong.MaxValue;

    private readonly IovaRangeTree _tree = new();
    private readonly IovaRangeCache[] _caches = new IovaRangeCache[CacheClasses];
    private readonly int _anchor;
    private int _cachedNode;
    private int _cached32Node;
    private ulong _max32AllocSize = Dma32BitPfn;

    /// <summary>Creates an empty allocator handing out pfns from <paramref name="startPfn"/> up.</summary>
    /// <param name="sim">The simulation, for the depot trimming work.</param>
    /// <param name="cpuCount">Simulated CPUs, each with its own magazines.</param>
    /// <param name="startPfn">Lowest pfn handed out. dma-iommu.c uses 1, so IOVA 0 is never valid and 0 can mean failure.</param>
    /// <exception cref="ArgumentOutOfRangeException">No CPU, or a start pfn of 0.</exception>
    public IovaAllocator(Simulation sim, int cpuCount, ulong startPfn = 1)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentOutOfRangeException.ThrowIfLessThan(cpuCount, 1);
        if (startPfn == 0)
            throw new ArgumentOutOfRangeException(nameof(startPfn), "pfn 0 means failure; start at 1 or above");
        StartPfn = startPfn;
        CpuCount = cpuCount;
        _anchor = _tree.Insert(AnchorPfn, AnchorPfn);
        _cachedNode = _anchor;
        _cached32Node = _anchor;
        for (int i = 0; i < CacheClasses; i++) _caches[i] = new IovaRangeCache(sim, this, cpuCount);
    }

    /// <summary>Lowest pfn handed out.</summary>
    public ulong StartPfn { get; }
    /// <summary>Simulated CPUs.</summary>
    public int CpuCount { get; }

    /// <summary>Allocation requests (alloc_iova_fast calls).</summary>
    public long Allocations { get; private set; }
    /// <summary>Requests served from a CPU's magazines or the depot.</summary>
    public long RcacheHits { get; private set; }
    /// <summary>Requests served by a tree search (on the first try or after emptying the caches).</summary>
    public long TreeAllocations { get; private set; }
    /// <summary>Requests that found no room.</summary>
    public long Failures { get; private set; }
    /// <summary>Times every cache was emptied back into the tree to retry a failed request.</summary>
    public long CacheFlushes { get; private set; }
    /// <summary>Ranges in the tree (allocated, cached in magazines, or reserved).</summary>
    public int TreeRanges => _tree.Count - 1;
    /// <summary>Ranges held in magazines (allocated in the tree but free to reuse).</summary>
    public long CachedRanges
    {
        get
        {
            long n = 0;
            foreach (var c in _caches) n += c.CachedRanges;
            return n;
        }
    }

    /// <summary>Zeroes the allocation counters (e.g. after warm-up); the ranges and caches stay.</summary>
    public void ResetCounters() => Allocations = RcacheHits = TreeAllocations = Failures = CacheFlushes = 0;

    /// <summary>
    /// alloc_iova_fast: a range of <paramref name="pages"/> pages ending at or below <paramref name="limitPfn"/>
    /// (inclusive), from <paramref name="cpu"/>'s magazines when possible, else from the tree.
    /// </summary>
    /// <param name="cpu">The CPU making the request.</param>
    /// <param name="pages">Pages wanted; under 32 they are rounded up to a power of two.</param>
    /// <param name="limitPfn">Highest pfn the range may use, e.g. the DMA mask shifted right by 12.</param>
    /// <param name="flushCachesOnFailure">When the tree has no room, give every cached range back to the
    /// tree and try once more (what dma-iommu.c asks for on its last attempt).</param>
    /// <param name="pfn">The first pfn of the range, 0 on failure.</param>
    /// <returns>False when no room was found.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Bad CPU or zero pages.</exception>
    public bool TryAllocate(int cpu, ulong pages, ulong limitPfn, bool flushCachesOnFailure, out ulong pfn)
    {
        CheckCpu(cpu);
        if (pages == 0) throw new ArgumentOutOfRangeException(nameof(pages), "an IOVA range has at least one page");
        Allocations++;
        if (pages < MaxCachedPages) pages = RoundUpPowerOfTwo(pages);

        int sizeClass = SizeClass(pages);
        if (sizeClass < CacheClasses && limitPfn + 1 >= pages)
        {
            pfn = _caches[sizeClass].Get(cpu, limitPfn + 1 - pages);
            if (pfn != 0)
            {
                RcacheHits++;
                return true;
            }
        }

        if (TryAllocateInTree(pages, limitPfn, out pfn)) return true;
        if (flushCachesOnFailure)
        {
            CacheFlushes++;
            foreach (var cache in _caches)
            {
                for (int c = 0; c < CpuCount; c++) cache.ReleaseCpu(c);
                cache.ReleaseDepot();
            }
            if (TryAllocateInTree(pages, limitPfn, out pfn)) return true;
        }
        Failures++;
        pfn = 0;
        return false;
    }

    /// <summary>
    /// free_iova_fast: returns the range starting at <paramref name="pfn"/> of <paramref name="pages"/> pages
    /// (the size asked for, before rounding) to <paramref name="cpu"/>'s magazines, or to the tree when it is
    /// larger than <see cref="MaxCachedPages"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Bad CPU or zero pages.</exception>
    /// <exception cref="InvalidOperationException">No allocated range starts at <paramref name="pfn"/>.</exception>
    public void Free(int cpu, ulong pfn, ulong pages)
    {
        CheckCpu(cpu);
        if (pages == 0) throw new ArgumentOutOfRangeException(nameof(pages), "an IOVA range has at least one page");
        int node = _tree.FindContaining(pfn);
        if (node == IovaRangeTree.None || node == _anchor || _tree.Lo(node) != pfn)
            throw new InvalidOperationException($"no allocated IOVA range starts at pfn 0x{pfn:x}");
        int sizeClass = SizeClass(pages);
        if (sizeClass < CacheClasses) _caches[sizeClass].Insert(cpu, pfn);
        else RemoveNode(node);
    }

    /// <summary>
    /// Marks [<paramref name="loPfn"/>, <paramref name="hiPfn"/>] as never to be handed out (reserve_iova), e.g.
    /// the x86 interrupt address window or PCI host-bridge windows.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An empty or inverted range.</exception>
    /// <exception cref="InvalidOperationException">The range overlaps one already in the tree.</exception>
    public void Reserve(ulong loPfn, ulong hiPfn)
    {
        if (hiPfn < loPfn || hiPfn >= AnchorPfn)
            throw new ArgumentOutOfRangeException(nameof(hiPfn), $"cannot reserve pfns 0x{loPfn:x}-0x{hiPfn:x}");
        int above = _tree.LowestEndingAtOrAbove(loPfn);
        if (_tree.Lo(above) <= hiPfn)
            throw new InvalidOperationException(
                $"cannot reserve pfns 0x{loPfn:x}-0x{hiPfn:x}: 0x{_tree.Lo(above):x}-0x{_tree.Hi(above):x} is already in use");
        _tree.Insert(loPfn, hiPfn);
    }

    /// <summary>True when <paramref name="pfn"/> lies in a range of the tree (allocated, cached or reserved).</summary>
    public bool IsInUse(ulong pfn)
    {
        int node = _tree.FindContaining(pfn);
        return node != IovaRangeTree.None && node != _anchor;
    }

    // Called by a range cache giving a cached range back (free_iova).
    internal void FreeToTree(ulong pfn)
    {
        int node = _tree.FindContaining(pfn);
        if (node == IovaRangeTree.None || node == _anchor)
            throw new InvalidOperationException($"cached IOVA pfn 0x{pfn:x} is not in the tree");
        RemoveNode(node);
    }

    // __alloc_and_insert_iova_range with size_aligned = true; limitPfn inclusive.
    private bool TryAllocateInTree(ulong size, ulong limitPfn, out ulong pfn)
    {
        pfn = 0;
        ulong limit = limitPfn == ulong.MaxValue ? ulong.MaxValue : limitPfn + 1; // exclusive from here on
        ulong alignMask = ~0UL << FlsLong(size - 1);
        if (limit <= Dma32BitPfn && size >= _max32AllocSize) return false;

        int curr = limit <= Dma32BitPfn ? _cached32Node : _cachedNode;
        ulong retryPfn = _tree.Hi(curr);
        ulong high = limit, low = StartPfn, newPfn;
        while (true)
        {
            // Walk down from curr: each step tries the gap just below curr's range.
            do
            {
                high = Math.Min(high, _tree.Lo(curr));
                newPfn = unchecked(high - size) & alignMask;
                curr = _tree.Previous(curr);
            } while (curr != IovaRangeTree.None && newPfn <= _tree.Hi(curr) && newPfn >= low);

            if (high >= size && newPfn >= low) break;
            if (low == StartPfn && retryPfn < limit)
            {
                // Nothing below the cached node: try once more in the space above it.
                high = limit;
                low = retryPfn + 1;
                curr = _tree.LowestEndingAtOrAbove(limit);
                continue;
            }
            _max32AllocSize = size;
            return false;
        }

        int node = _tree.Insert(newPfn, newPfn + size - 1);
        if (_tree.Hi(node) < Dma32BitPfn) _cached32Node = node;
        else _cachedNode = node;
        TreeAllocations++;
        pfn = newPfn;
        return true;
    }

    // remove_iova with __cached_rbnode_delete_update.
    private void RemoveNode(int node)
    {
        ulong lo = _tree.Lo(node), hi = _tree.Hi(node);
        int next = _tree.Next(node);
        if (node == _cached32Node || (hi < Dma32BitPfn && lo >= _tree.Lo(_cached32Node)))
            _cached32Node = next;
        if (lo < Dma32BitPfn) _max32AllocSize = Dma32BitPfn;
        if (lo >= _tree.Lo(_cachedNode)) _cachedNode = next;
        _tree.Remove(node);
    }

    private void CheckCpu(int cpu)
    {
        if ((uint)cpu >= (uint)CpuCount)
            throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"CPU index must be 0 to {CpuCount - 1}");
    }

    // order_base_2: ceil(log2(pages)).
    private static int SizeClass(ulong pages) => pages <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(pages - 1);

    // fls_long: position of the highest set bit, 1-based; 0 for 0.
    private static int FlsLong(ulong x) => 64 - System.Numerics.BitOperations.LeadingZeroCount(x);

    private static ulong RoundUpPowerOfTwo(ulong x) => System.Numerics.BitOperations.RoundUpToPowerOf2(x);
}
