using IommuSim.Iommu;
using IommuSim.Units;
using static IommuSim.Tests.Iommu.PageTableFixture;

namespace IommuSim.Tests.Iommu;

public class IoPageTableMapTests
{
    [Fact]
    public void A_2MiB_aligned_range_of_4MiB_plus_8KiB_becomes_two_2MiB_then_two_4KiB_pages()
    {
        var table = Table();
        // iova 0x4020_0000 = 1GiB + 2MiB: 2MiB aligned but not 1GiB aligned (and the range is < 1GiB anyway).
        // paddr 0x8000_0000 = 2GiB is aligned to everything, so the IOVA alone decides.
        // 4MiB + 8KiB: two 2MiB pages cover [0x4020_0000, 0x4060_0000), then 8KiB remain: two 4KiB pages.
        var made = table.Map(0x4020_0000, 0x8000_0000, 4 * MiB + 8 * KiB, Permissions.ReadWrite);
        Assert.Equal(
            [(0x4020_0000UL, 0x8000_0000UL, 2 * MiB, 2L), (0x4060_0000UL, 0x8040_0000UL, 4 * KiB, 2L)],
            Runs(made));
        Assert.Equal(4L, made.PageCount);
        Assert.Equal(4 * MiB + 8 * KiB, made.Bytes);
        Assert.Equal(4L, table.LeafCount);
        Assert.Equal(ByteSize.FromKiB(4 * 1024 + 8), table.MappedBytes);
    }

    [Fact]
    public void A_1GiB_aligned_range_uses_a_1GiB_page_when_supported()
    {
        var table = Table(sizes: PageSizes.All);
        // iova 1GiB, paddr 5GiB: both 1GiB aligned; 1GiB + 4KiB = one 1GiB page, then one 4KiB page.
        var made = table.Map(GiB, 5 * GiB, GiB + 4 * KiB, Permissions.Read);
        Assert.Equal([(GiB, 5 * GiB, GiB, 1L), (2 * GiB, 6 * GiB, 4 * KiB, 1L)], Runs(made));
    }

    [Fact]
    public void Without_1GiB_support_the_same_range_becomes_512_2MiB_pages()
    {
        var table = Table(sizes: PageSizes.UpTo2MiB);
        // 1GiB / 2MiB = 512 pages, then the 4KiB tail.
        var made = table.Map(GiB, 5 * GiB, GiB + 4 * KiB, Permissions.Read);
        Assert.Equal([(GiB, 5 * GiB, 2 * MiB, 512L), (2 * GiB, 6 * GiB, 4 * KiB, 1L)], Runs(made));
    }

    [Fact]
    public void With_4KiB_only_everything_is_4KiB()
    {
        var table = Table(sizes: PageSizes.Size4KiB);
        var made = table.Map(0x20_0000, 0x20_0000, 2 * MiB, Permissions.Read);
        Assert.Equal([(0x20_0000UL, 0x20_0000UL, 4 * KiB, 512L)], Runs(made));
    }

    [Fact]
    public void Page_sizes_climb_with_alignment_then_step_down_with_the_remainder()
    {
        var table = Table();
        // Start 4KiB before a 2MiB boundary that is 2MiB before a 1GiB boundary:
        // iova = 1GiB - 2MiB - 4KiB = 0x3FDF_F000; paddr = iova + 4GiB keeps the same low 32 bits.
        // 4KiB to 0x3FE0_0000 (2MiB aligned), 2MiB to 0x4000_0000 (1GiB aligned), 1GiB to 0x8000_0000,
        // then 2MiB and 4KiB of remainder: size = 4KiB + 2MiB + 1GiB + 2MiB + 4KiB = 0x4040_2000.
        ulong iova = 0x3FDF_F000, paddr = iova + 4 * GiB;
        var made = table.Map(iova, paddr, 0x4040_2000, Permissions.ReadWrite);
        Assert.Equal(MappedPages.MaxRuns, made.RunCount);
        Assert.Equal(
            [
                (0x3FDF_F000UL, 0x1_3FDF_F000UL, 4 * KiB, 1L),
                (0x3FE0_0000UL, 0x1_3FE0_0000UL, 2 * MiB, 1L),
                (0x4000_0000UL, 0x1_4000_0000UL, GiB, 1L),
                (0x8000_0000UL, 0x1_8000_0000UL, 2 * MiB, 1L),
                (0x8020_0000UL, 0x1_8020_0000UL, 4 * KiB, 1L),
            ],
            Runs(made));
    }

    [Fact]
    public void A_misaligned_physical_address_forces_4KiB_pages()
    {
        var table = Table();
        // iova 2MiB aligned, paddr 2MiB + 4KiB: iova | paddr is only 4KiB aligned at every step,
        // because both advance together and keep differing by 4KiB mod 2MiB. 2MiB / 4KiB = 512 pages.
        var made = table.Map(0x20_0000, 0x20_1000, 2 * MiB, Permissions.Read);
        Assert.Equal([(0x20_0000UL, 0x20_1000UL, 4 * KiB, 512L)], Runs(made));
    }

    [Fact]
    public void A_misaligned_iova_forces_4KiB_pages_even_with_an_aligned_physical_address()
    {
        var table = Table();
        var made = table.Map(0x20_1000, 0x40_0000, 2 * MiB, Permissions.Read);
        Assert.Equal([(0x20_1000UL, 0x40_0000UL, 4 * KiB, 512L)], Runs(made));
    }

    [Fact]
    public void Translation_adds_the_offset_inside_the_leaf_and_reports_its_size_and_rights()
    {
        var table = Table();
        table.Map(0x20_0000, 0x1_0000_0000, 2 * MiB, Permissions.Read);
        // 0x2A_BCDE is 0xA_BCDE into the 2MiB page at 0x20_0000 -> 0x1_0000_0000 + 0xA_BCDE.
        Assert.True(table.TryTranslate(0x2A_BCDE, out var leaf));
        Assert.Equal(0x1_000A_BCDEUL, leaf.PhysicalAddress);
        Assert.Equal(0x1_0000_0000UL, leaf.PagePhysicalAddress);
        Assert.Equal(PageSize.Size2MiB, leaf.PageSize);
        Assert.Equal(Permissions.Read, leaf.Permissions);
        // The byte before and the byte after the page are not mapped.
        Assert.False(table.TryTranslate(0x1F_FFFF, out _));
        Assert.False(table.TryTranslate(0x40_0000, out _));
    }

    [Theory]
    // One 4KiB leaf in a fresh 4-level table: top (level 4) + levels 3, 2, 1 = 4 tables.
    [InlineData(4, 0x1000UL, 0x1000UL, 4L)]
    // One 2MiB leaf: top + levels 3, 2 = 3 tables.
    [InlineData(4, 0x20_0000UL, 0x20_0000UL, 3L)]
    // One 1GiB leaf: top + level 3 = 2 tables.
    [InlineData(4, 0x4000_0000UL, 0x4000_0000UL, 2L)]
    // One 4KiB leaf in a 5-level table: top (level 5) + levels 4, 3, 2, 1 = 5 tables.
    [InlineData(5, 0x1000UL, 0x1000UL, 5L)]
    public void Table_pages_for_one_mapping(int levels, ulong iova, ulong size, long tables)
    {
        var table = Table(levels);
        Assert.Equal(1L, table.TablePages);
        table.Map(iova, 0x9_0000_0000, size, Permissions.ReadWrite);
        Assert.Equal(tables, table.TablePages);
        Assert.Equal(PageTableFormat.TableSize * tables, table.TableBytes);
    }

    [Fact]
    public void Table_pages_are_shared_where_paths_share_tables()
    {
        var table = Table();
        // 0x0 and 0x4000_0000 (1GiB) share the top table and the level-3 table (both in the first 512GiB)
        // but need their own level-2 and level-1 tables: 1 + 1 + 2 + 2 = 6.
        table.Map(0x0, 0x1000, 4 * KiB, Permissions.Read);
        table.Map(0x4000_0000, 0x2000, 4 * KiB, Permissions.Read);
        Assert.Equal(6L, table.TablePages);
        // 0x80_0000_0000 (512GiB) is under the second top-level entry: 3 more tables (levels 3, 2, 1) = 9.
        table.Map(0x80_0000_0000, 0x3000, 4 * KiB, Permissions.Read);
        Assert.Equal(9L, table.TablePages);
        // A second 4KiB page in an existing level-1 table costs no table.
        table.Map(0x1000, 0x4000, 4 * KiB, Permissions.Read);
        Assert.Equal(9L, table.TablePages);
        Assert.Equal(ByteSize.FromKiB(36), table.TableBytes);
    }

    [Fact]
    public void Tables_get_distinct_addresses_from_the_allocator_in_order()
    {
        var allocator = Allocator();
        var table = new IoPageTable(PageTableFormat.FourLevel, allocator);
        // Root first, then levels 3, 2, 1 as the first map creates them, each 4KiB after the last.
        table.Map(0x1000, 0x1000, 4 * KiB, Permissions.Read);
        Assert.Equal(TableBase, table.RootAddress);
        var walk = table.Walk(0x1000);
        Assert.Equal(TableBase + 0x3000, walk.TableAddress(3));
        // A second table in the same allocator continues after them.
        var other = new IoPageTable(PageTableFormat.FourLevel, allocator);
        Assert.Equal(TableBase + 0x4000, other.RootAddress);
        Assert.Equal(5L, allocator.PagesInUse);
    }
}
