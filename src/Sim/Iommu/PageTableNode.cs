namespace IommuSim.Iommu;

/// <summary>
/// One 4 KiB table of 512 entries at one level, with its synthetic physical address. The link to the
/// parent lets an unmap free tables that become empty without a second walk.
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
    public ulong PhysicalAddress { get; }
    public int Level { get; }
    public PageTableNode? Parent { get; }
    public int IndexInParent { get; }
    /// <summary>Entries present; a table other than the root is freed when this reaches zero.</summary>
    public int PresentCount { get; set; }
}
