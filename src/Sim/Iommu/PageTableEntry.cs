namespace IommuSim.Iommu;

/// <summary>
/// One slot of a table: empty, a pointer to the next-level table, or a leaf (page address and rights; the
/// page size follows from the table's level). The model keeps an object reference where hardware keeps
/// the next table's physical address; that address is on the referenced node.
/// </summary>
internal readonly struct PageTableEntry
{
    private PageTableEntry(PageTableNode? next, ulong pagePhysicalAddress, Permissions permissions, bool isLeaf)
    {
        Next = next;
        PagePhysicalAddress = pagePhysicalAddress;
        Permissions = permissions;
        IsLeaf = isLeaf;
    }

    public static PageTableEntry Table(PageTableNode next) => new(next, 0, Permissions.None, false);
    public static PageTableEntry Page(ulong pagePhysicalAddress, Permissions permissions) => new(null, pagePhysicalAddress, permissions, true);

    /// <summary>The next-level table, for a table entry.</summary>
    public PageTableNode? Next { get; }
    /// <summary>The page's physical address, for a leaf.</summary>
    public ulong PagePhysicalAddress { get; }
    /// <summary>The page's rights, for a leaf.</summary>
    public Permissions Permissions { get; }
    /// <summary>True for a leaf.</summary>
    public bool IsLeaf { get; }
    /// <summary>True for a leaf or a table pointer.</summary>
    public bool IsPresent => IsLeaf || Next is not null;
}
