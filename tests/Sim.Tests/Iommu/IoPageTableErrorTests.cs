using IommuSim.Iommu;
using static IommuSim.Tests.Iommu.PageTableFixture;

namespace IommuSim.Tests.Iommu;

public class IoPageTableErrorTests
{
    private readonly TablePageAllocator _allocator = Allocator();
    private readonly IoPageTable _table;

    public IoPageTableErrorTests()
    {
        _table = new IoPageTable(PageTableFormat.FourLevel, _allocator);
        // Existing contents: a 4KiB page at 0x20_1000 and a 2MiB page at 0x60_0000.
        _table.Map(0x20_1000, 0x7000_1000, 4 * KiB, Permissions.Read);
        _table.Map(0x60_0000, 0x7020_0000, 2 * MiB, Permissions.ReadWrite);
    }

    private IommuMappingException RefusedWithoutChange(MappingError error, Action request)
    {
        var before = Snapshot(_table, _allocator);
        var ex = Assert.Throws<IommuMappingException>(request);
        Assert.Equal(error, ex.Error);
        Assert.Equal(before, Snapshot(_table, _allocator));
        // The existing pages still translate as before.
        Assert.True(_table.TryTranslate(0x20_1000, out var small));
        Assert.Equal(0x7000_1000UL, small.PhysicalAddress);
        Assert.True(_table.TryTranslate(0x60_0000, out var large));
        Assert.Equal(PageSize.Size2MiB, large.PageSize);
        return ex;
    }

    [Fact]
    public void Zero_size_is_refused()
    {
        var ex = RefusedWithoutChange(MappingError.ZeroSize, () => _table.Map(0x1000, 0x1000, 0, Permissions.Read));
        Assert.Contains("0 bytes", ex.Message);
    }

    [Theory]
    [InlineData(0x1001UL, 0x1000UL, 0x1000UL, "IOVA is")]
    [InlineData(0x1000UL, 0x1800UL, 0x1000UL, "physical address is")]
    [InlineData(0x1000UL, 0x1000UL, 0x1800UL, "size is")]
    [InlineData(0x1001UL, 0x1001UL, 0x1000UL, "IOVA and physical address are")]
    public void Unaligned_requests_are_refused_and_say_what_is_unaligned(ulong iova, ulong paddr, ulong size, string what)
    {
        var ex = RefusedWithoutChange(MappingError.Unaligned, () => _table.Map(iova, paddr, size, Permissions.Read));
        Assert.Contains(what + " not a multiple of 4KiB", ex.Message);
    }

    [Fact]
    public void A_range_past_the_48_bit_space_is_refused()
    {
        // 2^48 - 4KiB + 8KiB ends 4KiB past 2^48.
        ulong iova = (1UL << 48) - 4 * KiB;
        var ex = RefusedWithoutChange(MappingError.BeyondAddressWidth, () => _table.Map(iova, 0x1000, 8 * KiB, Permissions.Read));
        Assert.Contains("48-bit", ex.Message);
        Assert.Contains("0x1000000001000", ex.Message);   // the end of the requested range: 2^48 + 4KiB
        // A huge size must not wrap around 2^64 and pass the check.
        RefusedWithoutChange(MappingError.BeyondAddressWidth, () => _table.Map(0x1000, 0x1000, ulong.MaxValue - 0xFFF, Permissions.Read));
        // The last page below 2^48 is fine.
        _table.Map(iova, 0x1000, 4 * KiB, Permissions.Read);
        Assert.True(_table.TryTranslate(iova, out _));
    }

    [Fact]
    public void A_5_level_table_accepts_IOVAs_past_48_bits()
    {
        var table = new IoPageTable(PageTableFormat.FiveLevel, _allocator);
        table.Map(1UL << 48, 0x1000, 4 * KiB, Permissions.Read);
        Assert.True(table.TryTranslate(1UL << 48, out _));
        Assert.Throws<IommuMappingException>(() => table.Map(1UL << 57, 0x1000, 4 * KiB, Permissions.Read));
    }

    [Fact]
    public void A_physical_range_past_52_bits_is_refused()
    {
        RefusedWithoutChange(MappingError.BeyondPhysicalWidth,
            () => _table.Map(0x1000, (1UL << 52) - 4 * KiB, 8 * KiB, Permissions.Read));
    }

    [Theory]
    [InlineData(Permissions.None)]
    [InlineData((Permissions)4)]
    public void Empty_or_unknown_permissions_are_refused(Permissions prot)
    {
        RefusedWithoutChange(MappingError.InvalidPermissions, () => _table.Map(0x1000, 0x1000, 4 * KiB, prot));
    }

    [Fact]
    public void Mapping_over_an_existing_4KiB_page_is_refused_even_when_the_range_starts_free()
    {
        // [0x20_0000, 0x40_0000) would be one 2MiB page, but 0x20_1000 inside it is mapped.
        var ex = RefusedWithoutChange(MappingError.Overlap, () => _table.Map(0x20_0000, 0x9000_0000, 2 * MiB, Permissions.Read));
        Assert.Contains("0x201000 is already mapped by a 4KiB page", ex.Message);
        // 4KiB pages [0x1F_D000, 0x20_2000): the first four are free, the fifth (0x20_1000) is not.
        RefusedWithoutChange(MappingError.Overlap, () => _table.Map(0x1F_D000, 0x9000_0000, 0x5000, Permissions.Read));
        Assert.False(_table.TryTranslate(0x1F_D000, out _));
    }

    [Fact]
    public void Mapping_inside_an_existing_large_page_is_refused()
    {
        var ex = RefusedWithoutChange(MappingError.Overlap, () => _table.Map(0x60_3000, 0x9000_0000, 4 * KiB, Permissions.Read));
        Assert.Contains("0x600000 is already mapped by a 2MiB page", ex.Message);
    }

    [Fact]
    public void Running_out_of_table_memory_part_way_undoes_the_whole_map()
    {
        // Room for 4 tables: the root, then levels 3, 2 and one level-1 table.
        var allocator = Allocator(pages: 4);
        var table = new IoPageTable(PageTableFormat.FourLevel, allocator);
        // 0x1F_F000 and 0x20_0000 are in different level-1 tables (2MiB regions 0 and 1): the first page
        // uses the last free table, the second needs a fifth table and fails.
        Assert.Throws<InvalidOperationException>(() => table.Map(0x1F_F000, 0x1000, 8 * KiB, Permissions.Read));
        Assert.Equal(1L, table.TablePages);
        Assert.Equal(0L, table.LeafCount);
        Assert.Equal(1L, allocator.PagesInUse);
        Assert.False(table.TryTranslate(0x1F_F000, out _));
        // All the room is free again: one 4KiB page fits (root + 3 tables).
        table.Map(0x1F_F000, 0x1000, 4 * KiB, Permissions.Read);
        Assert.Equal(4L, table.TablePages);
    }
}
