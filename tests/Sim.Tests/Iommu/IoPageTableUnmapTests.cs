using IommuSim.Iommu;
using IommuSim.Units;
using static IommuSim.Tests.Iommu.PageTableFixture;

namespace IommuSim.Tests.Iommu;

public class IoPageTableUnmapTests
{
    [Fact]
    public void Unmapping_4KiB_inside_a_2MiB_page_unmaps_and_returns_2MiB()
    {
        var table = Table();
        table.Map(0x20_0000, 0x4000_0000, 2 * MiB, Permissions.ReadWrite);
        Assert.Equal(2 * MiB, table.Unmap(0x20_1000, 4 * KiB));
        Assert.False(table.TryTranslate(0x20_0000, out _));
        Assert.Equal(ByteSize.Zero, table.MappedBytes);
    }

    [Fact]
    public void Unmapping_part_of_a_1GiB_page_returns_1GiB()
    {
        var table = Table();
        table.Map(GiB, GiB, GiB, Permissions.ReadWrite);
        Assert.Equal(GiB, table.Unmap(GiB + 2 * MiB, 2 * MiB));
    }

    [Fact]
    public void Unmapping_a_hole_returns_0()
    {
        var table = Table();
        table.Map(0x1000, 0x1000, 4 * KiB, Permissions.Read);
        Assert.Equal(0UL, table.Unmap(0x2000, 4 * KiB));
        Assert.Equal(0UL, table.Unmap(0x8000_0000, 2 * MiB));
        Assert.True(table.TryTranslate(0x1000, out _));
    }

    [Fact]
    public void Unmap_stops_at_the_first_unmapped_page()
    {
        var table = Table();
        // Pages at 0x1000, 0x2000, (hole at 0x3000), 0x4000.
        table.Map(0x1000, 0x1000, 8 * KiB, Permissions.Read);
        table.Map(0x4000, 0x4000, 4 * KiB, Permissions.Read);
        // Asked for [0x1000, 0x5000): removes 0x1000 and 0x2000, stops at 0x3000 -> 8KiB.
        Assert.Equal(8 * KiB, table.Unmap(0x1000, 16 * KiB));
        Assert.True(table.TryTranslate(0x4000, out _));
    }

    [Fact]
    public void Unmap_continues_at_the_end_of_a_large_leaf()
    {
        var table = Table();
        // A 2MiB page at 2MiB and 4KiB pages at 4MiB and 4MiB + 4KiB.
        table.Map(2 * MiB, 2 * MiB, 2 * MiB, Permissions.Read);
        table.Map(4 * MiB, 4 * MiB, 8 * KiB, Permissions.Read);
        // From 2MiB + 4KiB asking 2MiB + 4KiB: the 2MiB leaf counts 2MiB (< 2MiB + 4KiB), the walk goes on
        // at its end, 4MiB, and removes that 4KiB page: 2MiB + 4KiB, which reaches the request. 4MiB + 4KiB stays.
        Assert.Equal(2 * MiB + 4 * KiB, table.Unmap(2 * MiB + 4 * KiB, 2 * MiB + 4 * KiB));
        Assert.False(table.TryTranslate(4 * MiB, out _));
        Assert.True(table.TryTranslate(4 * MiB + 4 * KiB, out _));
    }

    [Fact]
    public void Unmapping_exactly_what_was_mapped_returns_its_size()
    {
        var table = Table();
        table.Map(0x3FDF_F000, 0x1_3FDF_F000, 0x4040_2000, Permissions.ReadWrite);
        Assert.Equal(0x4040_2000UL, table.Unmap(0x3FDF_F000, 0x4040_2000));
        Assert.Equal(0L, table.LeafCount);
    }

    [Fact]
    public void Empty_tables_are_freed_and_the_root_stays()
    {
        var allocator = Allocator();
        var table = new IoPageTable(PageTableFormat.FourLevel, allocator);
        table.Map(0x1000, 0x1000, 8 * KiB, Permissions.Read);      // root + 3 tables
        table.Map(0x4000_0000, 0x1000, 4 * KiB, Permissions.Read); // + level-2 and level-1 tables: 6
        Assert.Equal(6L, table.TablePages);
        // Removing one of two pages in a level-1 table frees nothing.
        table.Unmap(0x1000, 4 * KiB);
        Assert.Equal(6L, table.TablePages);
        // Removing the other frees its level-1 and level-2 tables; level 3 still serves 0x4000_0000.
        table.Unmap(0x2000, 4 * KiB);
        Assert.Equal(4L, table.TablePages);
        table.Unmap(0x4000_0000, 4 * KiB);
        Assert.Equal(1L, table.TablePages);
        Assert.Equal(1L, allocator.PagesInUse);
        Assert.Equal(ByteSize.FromKiB(4), table.TableBytes);
    }

    [Fact]
    public void Zero_size_unmaps_nothing_and_unaligned_requests_are_refused()
    {
        var table = Table();
        table.Map(0x1000, 0x1000, 4 * KiB, Permissions.Read);
        Assert.Equal(0UL, table.Unmap(0x1000, 0));
        var ex = Assert.Throws<IommuMappingException>(() => table.Unmap(0x1000, 0x800));
        Assert.Equal(MappingError.Unaligned, ex.Error);
        Assert.Contains("size is not a multiple of 4KiB", ex.Message);
        Assert.True(table.TryTranslate(0x1000, out _));
    }

    [Fact]
    public void Unmap_past_the_address_width_returns_0()
    {
        var table = Table();
        Assert.Equal(0UL, table.Unmap(1UL << 48, 4 * KiB));
        Assert.Equal(0UL, table.Unmap(ulong.MaxValue & ~0xFFFUL, 4 * KiB));
    }
}
