using IommuSim.Iommu;
using IommuSim.Units;

namespace IommuSim.Tests.Iommu;

/// <summary>Small builders shared by the page-table tests.</summary>
internal static class PageTableFixture
{
    public const ulong KiB = 1UL << 10;
    public const ulong MiB = 1UL << 20;
    public const ulong GiB = 1UL << 30;

    /// <summary>Base of the synthetic table region; tables are handed out upward from here, 4 KiB apart.</summary>
    public const ulong TableBase = 0x10_0000_0000;

    public static TablePageAllocator Allocator(long pages = 1 << 20) =>
        new(TableBase, PageTableFormat.TableSize * pages);

    public static IoPageTable Table(int levels = 4, PageSizes sizes = PageSizes.All) =>
        new(new PageTableFormat(levels, sizes), Allocator());

    /// <summary>The runs of a map as plain tuples, for one-line assertions.</summary>
    public static List<(ulong Iova, ulong Paddr, ulong PageBytes, long Count)> Runs(MappedPages pages)
    {
        var list = new List<(ulong, ulong, ulong, long)>();
        for (int i = 0; i < pages.RunCount; i++)
            list.Add((pages[i].Iova, pages[i].PhysicalAddress, pages[i].PageSize.Bytes, pages[i].Count));
        return list;
    }

    /// <summary>Everything observable about a table's contents and cost, to show a refused call changed nothing.</summary>
    public static (long Tables, long Leaves, ByteSize Mapped, long AllocatorPages) Snapshot(IoPageTable table, TablePageAllocator allocator) =>
        (table.TablePages, table.LeafCount, table.MappedBytes, allocator.PagesInUse);
}
