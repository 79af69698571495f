namespace IommuSim.Iommu;

/// <summary>
/// One 4 KiB table of 512 entries at one level, with its synthetic physical address. The link to the
/// parent lets an unmap free tables that become empty without a second walk. A freed table's object is
/// reused for the next table its page table needs (<see cref="Reuse"/>), so map and unmap cycles allocate nothing.
/// </summary>
internal sealed class PageTableNode
{
    public PageTableNode(ulong physicalAddress, int level, PageTableNode? parent, int indexInParent)
    {
        PhysicalAddress = physicalAddress;
        Level = level;
        Parent = parent;
        IndexInParent = indexInParent;
    }

    public PageTableEntry[] Entries { get; } = new PageTableEntry[PageTableFormat.EntriesPerTable];
    public ulong PhysicalAddress { get; private set; }
    public int Level { get; private set; }
    public PageTableNode? Parent { get; private set; }
    public int IndexInParent { get; private set; }
    /// <summary>The next free node of its page table's pool.</summary>
    public PageTableNode? NextFree { get; set; }

    /// <summary>Makes a freed (empty) node a new table.</summary>
    public PageTableNode Reuse(ulong physicalAddress, int level, PageTableNode parent, int indexInParent)
    {
        System.Diagnostics.Debug.Assert(PresentCount == 0);
        PhysicalAddress = physicalAddress;
        Level = level;
        Parent = parent;
        IndexInParent = indexInParent;
        NextFree = null;
        return this;
    }
    /// <summary>Entries present; a table other than the root is freed when this reaches zero.</summary>
    public int PresentCount { get; set; }
}
