using IommuSim.Units;

namespace IommuSim.Iommu;

/// <summary>
/// One domain's IO page table: a radix tree of 4 KiB tables (512 entries each) in the format of
/// <see cref="Format"/>, mapping IOVAs to physical pages of 4 KiB, 2 MiB or 1 GiB. Every table has a
/// synthetic physical address from a <see cref="TablePageAllocator"/>, so walks can be charged as memory
/// reads, and the table memory in use is an output (<see cref="TablePages"/>, <see cref="TableBytes"/>).
/// </summary>
/// <remarks>
/// <para>Map splits a range like Linux's iommu_map: each step uses the largest supported page that the
/// alignment of both the IOVA and the physical address, and the remaining size, allow. A map is atomic:
/// it is checked whole before any entry is written, and on a failure nothing changes.</para>
/// <para>Unmap follows the x86 drivers (AMD v1 io-pgtable): from the IOVA, each leaf met is removed whole,
/// even when the request covers only part of it, and the walk stops at the first IOVA with no mapping.
/// Tables left empty are freed at once (the root stays), so the table memory reported is what the live
/// mappings need; Linux drivers may keep empty tables until the domain is freed, so real kernels can
/// hold more.</para>
/// <para>Not thread-safe: the simulation kernel runs one event at a time.</para>
/// </remarks>
public sealed class IoPageTable
{
    private const ulong BasePageMask = (1UL << PageTableFormat.BasePageShift) - 1;

    private readonly TablePageAllocator _allocator;
    private readonly PageTableNode _root;
    private PageTableNode? _freeNodes;
    private readonly ulong _addressLimit;
    private ulong _mappedBytes;

    /// <summary>Creates an empty table (just its top-level table) with tables drawn from <paramref name="allocator"/>.</summary>
    /// <exception cref="InvalidOperationException">The allocator has no room for the top-level table.</exception>
    public IoPageTable(PageTableFormat format, TablePageAllocator allocator)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(allocator);
        Format = format;
        _allocator = allocator;
        _addressLimit = format.AddressLimit;
        _root = new PageTableNode(allocator.Allocate(), format.Levels, parent: null, indexInParent: 0);
        TablePages = 1;
    }

    /// <summary>The table format (levels, address width, supported page sizes).</summary>
    public PageTableFormat Format { get; }
    /// <summary>Physical address of the top-level table (what a context or device-table entry points to).</summary>
    public ulong RootAddress => _root.PhysicalAddress;
    /// <summary>Tables in use, the top-level table included.</summary>
    public long TablePages { get; private set; }
    /// <summary>Memory the tables occupy: <see cref="TablePages"/> × 4 KiB.</summary>
    public ByteSize TableBytes => PageTableFormat.TableSize * TablePages;
    /// <summary>Leaves present.</summary>
    public long LeafCount { get; private set; }
    /// <summary>IOVA space currently mapped.</summary>
    public ByteSize MappedBytes => new((long)_mappedBytes);

    /// <summary>
    /// Maps [<paramref name="iova"/>, iova + <paramref name="size"/>) to [<paramref name="paddr"/>, paddr + size)
    /// with <paramref name="prot"/>, splitting into the largest pages alignment and size allow.
    /// </summary>
    /// <returns>The leaves created, as runs of equal-size pages.</returns>
    /// <exception cref="IommuMappingException">The size is zero; the IOVA, address or size is not 4 KiB aligned;
    /// the IOVA range passes the address width or the physical range passes 52 bits; the permissions are
    /// empty; or part of the IOVA range is already mapped. Nothing was changed.</exception>
    /// <exception cref="InvalidOperationException">The table allocator ran out of room. Nothing was changed.</exception>
    public MappedPages Map(ulong iova, ulong paddr, ulong size, Permissions prot)
    {
        CheckMapRequest(iova, paddr, size, prot);

        // Plan every leaf and check it is free before writing anything, so a refused map changes nothing.
        var runs = new PageRunBuffer();
        int runCount = 0;
        for (ulong offset = 0; offset < size;)
        {
            ulong va = iova + offset, pa = paddr + offset;
            var page = LargestPage(va, pa, size - offset);
            ThrowIfOccupied(va, page, iova, size);
            if (runCount > 0 && runs[runCount - 1].PageSize == page)
                runs[runCount - 1] = runs[runCount - 1] with { Count = runs[runCount - 1].Count + 1 };
            else
                runs[runCount++] = new PageRun(va, pa, page, 1);
            offset += page.Bytes;
        }

        ulong placed = 0;
        try
        {
            for (int r = 0; r < runCount; r++)
            {
                var run = runs[r];
                for (long k = 0; k < run.Count; k++)
                {
                    ulong step = (ulong)k * run.PageSize.Bytes;
                    PlaceLeaf(run.Iova + step, run.PhysicalAddress + step, run.PageSize, prot);
                    placed += run.PageSize.Bytes;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Out of table memory part-way: take back the leaves placed and any tables left empty.
            RemoveLeaves(iova, placed);
            PruneEmptyTablesOnPath(iova + placed);
            throw;
        }
        return new MappedPages(runs, runCount);
    }

    /// <summary>
    /// Unmaps from <paramref name="iova"/> for at least <paramref name="size"/> bytes and returns how many
    /// bytes were really unmapped.
    /// </summary>
    /// <remarks>
    /// Starting at <paramref name="iova"/>, the leaf that maps the current IOVA is removed whole and the
    /// count grows by its size; the walk continues at the end of that leaf until the count reaches
    /// <paramref name="size"/>. So unmapping 4 KiB inside a 2 MiB page removes and returns 2 MiB. The walk
    /// stops at the first IOVA that is not mapped (or past the address width) and returns the count so far:
    /// 0 when <paramref name="iova"/> itself is unmapped. A size of 0 unmaps nothing and returns 0.
    /// </remarks>
    /// <exception cref="IommuMappingException">The IOVA or size is not 4 KiB aligned (Linux refuses this too).
    /// Nothing was changed.</exception>
    public ulong Unmap(ulong iova, ulong size)
    {
        if (size == 0) return 0;
        if (((iova | size) & BasePageMask) != 0)
            throw new IommuMappingException(MappingError.Unaligned,
                $"cannot unmap IOVA 0x{iova:x} size 0x{size:x}: {Misaligned(("IOVA", iova), ("size", size))} not a multiple of 4KiB");
        return RemoveLeaves(iova, size);
    }

    /// <summary>
    /// Translates <paramref name="iova"/>: true with the leaf when mapped, false when not mapped or past the
    /// address width. Allocates nothing.
    /// </summary>
    public bool TryTranslate(ulong iova, out TranslationLeaf leaf)
    {
        if (iova < _addressLimit)
        {
            var node = _root;
            for (int level = node.Level; ; level--)
            {
                ref readonly var entry = ref node.Entries[PageTableFormat.IndexAt(iova, level)];
                if (entry.IsLeaf)
                {
                    leaf = MakeLeaf(iova, level, entry);
                    return true;
                }
                if (entry.Next is null) break;
                node = entry.Next;
            }
        }
        leaf = default;
        return false;
    }

    /// <summary>
    /// Describes the walk hardware makes for <paramref name="iova"/>: the physical address of each table read,
    /// top level first, and the level where the leaf or the missing entry was found. Allocates nothing.
    /// </summary>
    public PageWalk Walk(ulong iova)
    {
        var tables = new TableAddressBuffer();
        if (iova >= _addressLimit)
            return new PageWalk(iova, _root.Level, tables, 0, WalkOutcome.BeyondAddressWidth, default);
        var node = _root;
        int reads = 0;
        for (int level = node.Level; ; level--)
        {
            tables[reads++] = node.PhysicalAddress;
            ref readonly var entry = ref node.Entries[PageTableFormat.IndexAt(iova, level)];
            if (entry.IsLeaf)
                return new PageWalk(iova, _root.Level, tables, reads, WalkOutcome.Leaf, MakeLeaf(iova, level, entry));
            if (entry.Next is null)
                return new PageWalk(iova, _root.Level, tables, reads, WalkOutcome.NotPresent, default);
            node = entry.Next;
        }
    }

    private static TranslationLeaf MakeLeaf(ulong iova, int level, in PageTableEntry entry)
    {
        var size = PageSize.FromLeafLevel(level);
        return new TranslationLeaf(entry.PagePhysicalAddress | (iova & size.OffsetMask), size, entry.Permissions);
    }

    private void CheckMapRequest(ulong iova, ulong paddr, ulong size, Permissions prot)
    {
        if (size == 0)
            throw new IommuMappingException(MappingError.ZeroSize, $"cannot map 0 bytes at IOVA 0x{iova:x}");
        if (prot == Permissions.None || (prot & ~Permissions.ReadWrite) != 0)
            throw new IommuMappingException(MappingError.InvalidPermissions,
                $"cannot map IOVA 0x{iova:x} with permissions '{prot}': a mapping must allow Read, Write or both");
        if (((iova | paddr | size) & BasePageMask) != 0)
            throw new IommuMappingException(MappingError.Unaligned,
                $"cannot map IOVA 0x{iova:x} to 0x{paddr:x} size 0x{size:x}: " +
                $"{Misaligned(("IOVA", iova), ("physical address", paddr), ("size", size))} not a multiple of 4KiB");
        if (size > _addressLimit || iova > _addressLimit - size)
            throw new IommuMappingException(MappingError.BeyondAddressWidth,
                $"cannot map IOVA [0x{iova:x}, 0x{(UInt128)iova + size:x}): it passes the {Format.AddressWidthBits}-bit " +
                $"IOVA space, which ends at 0x{_addressLimit:x}");
        if (size > TablePageAllocator.PhysicalAddressLimit || paddr > TablePageAllocator.PhysicalAddressLimit - size)
            throw new IommuMappingException(MappingError.BeyondPhysicalWidth,
                $"cannot map physical [0x{paddr:x}, 0x{(UInt128)paddr + size:x}): a table entry holds physical addresses below 2^52");
    }

    private static string Misaligned(params ReadOnlySpan<(string Name, ulong Value)> values)
    {
        var names = new List<string>();
        foreach (var (name, value) in values)
            if ((value & BasePageMask) != 0) names.Add(name);
        return string.Join(" and ", names) + (names.Count == 1 ? " is" : " are");
    }

    // iommu_pgsize: the largest supported page that both addresses are aligned to and that still fits.
    private PageSize LargestPage(ulong iova, ulong paddr, ulong remaining)
    {
        ulong merged = iova | paddr;
        for (int level = 3; level >= 2; level--)
        {
            var page = PageSize.FromLeafLevel(level);
            if (Format.Supports(page) && remaining >= page.Bytes && (merged & page.OffsetMask) == 0)
                return page;
        }
        return PageSize.Size4KiB;
    }

    private void ThrowIfOccupied(ulong va, PageSize page, ulong requestIova, ulong requestSize)
    {
        var node = _root;
        for (int level = node.Level; level > page.LeafLevel; level--)
        {
            ref readonly var entry = ref node.Entries[PageTableFormat.IndexAt(va, level)];
            if (entry.IsLeaf)
                throw Overlap(requestIova, requestSize, va & ~PageSize.FromLeafLevel(level).OffsetMask, PageSize.FromLeafLevel(level));
            if (entry.Next is null) return;
            node = entry.Next;
        }
        ref readonly var slot = ref node.Entries[PageTableFormat.IndexAt(va, page.LeafLevel)];
        if (slot.IsLeaf)
            throw Overlap(requestIova, requestSize, va, page);
        if (slot.Next is not null)
        {
            var (leafIova, leafSize) = FirstLeaf(slot.Next, va);
            throw Overlap(requestIova, requestSize, leafIova, leafSize);
        }
    }

    // The lowest-addressed leaf under a table whose first IOVA is tableIova (tables are never empty).
    private static (ulong Iova, PageSize Size) FirstLeaf(PageTableNode node, ulong tableIova)
    {
        while (true)
        {
            int i = 0;
            while (!node.Entries[i].IsPresent) i++;
            ulong iova = tableIova + ((ulong)i << PageTableFormat.LevelShift(node.Level));
            if (node.Entries[i].IsLeaf) return (iova, PageSize.FromLeafLevel(node.Level));
            node = node.Entries[i].Next!;
            tableIova = iova;
        }
    }

    private static IommuMappingException Overlap(ulong iova, ulong size, ulong existingIova, PageSize existingSize) =>
        new(MappingError.Overlap,
            $"cannot map IOVA [0x{iova:x}, 0x{iova + size:x}): 0x{existingIova:x} is already mapped by a {existingSize} page");

    private void PlaceLeaf(ulong iova, ulong paddr, PageSize page, Permissions prot)
    {
        var node = _root;
        for (int level = node.Level; level > page.LeafLevel; level--)
        {
            int index = PageTableFormat.IndexAt(iova, level);
            ref var entry = ref node.Entries[index];
            if (entry.Next is null)
            {
                ulong address = _allocator.Allocate();
                PageTableNode child;
                if (_freeNodes is { } free)
                {
                    _freeNodes = free.NextFree;
                    child = free.Reuse(address, level - 1, node, index);
                }
                else child = new PageTableNode(address, level - 1, node, index);
                TablePages++;
                entry = PageTableEntry.Table(child);
                node.PresentCount++;
            }
            node = entry.Next!;
        }
        node.Entries[PageTableFormat.IndexAt(iova, page.LeafLevel)] = PageTableEntry.Page(paddr, prot);
        node.PresentCount++;
        LeafCount++;
        _mappedBytes += page.Bytes;
    }

    private ulong RemoveLeaves(ulong iova, ulong size)
    {
        ulong removed = 0;
        ulong cursor = iova;
        while (removed < size && cursor < _addressLimit)
        {
            var node = _root;
            int index;
            while (true)
            {
                index = PageTableFormat.IndexAt(cursor, node.Level);
                var next = node.Entries[index].Next;
                if (next is null) break;
                node = next;
            }
            if (!node.Entries[index].IsLeaf) break;
            ulong pageBytes = PageSize.FromLeafLevel(node.Level).Bytes;
            node.Entries[index] = default;
            node.PresentCount--;
            LeafCount--;
            _mappedBytes -= pageBytes;
            FreeIfEmpty(node);
            removed += pageBytes;
            cursor = (cursor & ~(pageBytes - 1)) + pageBytes;
        }
        return removed;
    }

    private void PruneEmptyTablesOnPath(ulong iova)
    {
        var node = _root;
        while (node.Level > 1 && node.Entries[PageTableFormat.IndexAt(iova, node.Level)].Next is { } next)
            node = next;
        FreeIfEmpty(node);
    }

    // Frees node and then each ancestor that its removal leaves empty; the root is never freed.
    private void FreeIfEmpty(PageTableNode node)
    {
        while (node.PresentCount == 0 && node.Parent is { } parent)
        {
            parent.Entries[node.IndexInParent] = default;
            parent.PresentCount--;
            _allocator.Free(node.PhysicalAddress);
            TablePages--;
            node.NextFree = _freeNodes;
            _freeNodes = node;
            node = parent;
        }
    }
}
