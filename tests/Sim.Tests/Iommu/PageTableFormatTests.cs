using IommuSim.Iommu;
using IommuSim.Units;

namespace IommuSim.Tests.Iommu;

public class PageTableFormatTests
{
    [Theory]
    // Leaf level n resolves 12 + 9(n-1) bits: 12 -> 4KiB, 21 -> 2MiB, 30 -> 1GiB.
    [InlineData(1, 12, 4096UL, "4KiB", PageSizes.Size4KiB)]
    [InlineData(2, 21, 2097152UL, "2MiB", PageSizes.Size2MiB)]
    [InlineData(3, 30, 1073741824UL, "1GiB", PageSizes.Size1GiB)]
    public void Page_sizes_know_their_level_shift_and_size(int level, int shift, ulong bytes, string text, PageSizes flag)
    {
        var size = PageSize.FromLeafLevel(level);
        Assert.Equal(level, size.LeafLevel);
        Assert.Equal(shift, size.Shift);
        Assert.Equal(bytes, size.Bytes);
        Assert.Equal(bytes - 1, size.OffsetMask);
        Assert.Equal(ByteSize.FromBytes((long)bytes), size.Size);
        Assert.Equal(text, size.ToString());
        Assert.Equal(flag, size.Flag);
    }

    [Fact]
    public void The_default_page_size_is_4KiB_and_other_levels_hold_no_leaves()
    {
        Assert.Equal(PageSize.Size4KiB, default);
        Assert.Throws<ArgumentOutOfRangeException>(() => PageSize.FromLeafLevel(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PageSize.FromLeafLevel(4));
    }

    [Fact]
    public void Four_and_five_levels_give_48_and_57_bit_spaces()
    {
        // 12 + 9 * 4 = 48; 12 + 9 * 5 = 57.
        Assert.Equal(48, PageTableFormat.FourLevel.AddressWidthBits);
        Assert.Equal(1UL << 48, PageTableFormat.FourLevel.AddressLimit);
        Assert.Equal(57, PageTableFormat.FiveLevel.AddressWidthBits);
        Assert.Equal(ByteSize.FromKiB(4), PageTableFormat.TableSize);
        // 512 entries of 8 bytes fill one 4KiB table.
        Assert.Equal(PageTableFormat.EntriesPerTable * PageTableFormat.EntryBytes, PageTableFormat.TableSize.Bytes);
    }

    [Fact]
    public void Index_and_prefix_per_level()
    {
        // iova = 0x0000_7F12_3456_7ABC
        // level 4 index: bits 47..39 = 0x7F123456_7ABC >> 39 = 0xFE (254)
        // level 3 index: (>> 30) & 511 = 0x1FC48 & 0x1FF = 0x48 (72)
        // level 2 index: (>> 21) & 511 = 0x3F891A2 & 0x1FF = 0x1A2 (418)
        // level 1 index: (>> 12) & 511 = 0x7F1234567 & 0x1FF = 0x167 (359)
        ulong iova = 0x7F12_3456_7ABC;
        Assert.Equal(254, PageTableFormat.IndexAt(iova, 4));
        Assert.Equal(72, PageTableFormat.IndexAt(iova, 3));
        Assert.Equal(418, PageTableFormat.IndexAt(iova, 2));
        Assert.Equal(359, PageTableFormat.IndexAt(iova, 1));
        // The level-1 table serving iova is named by the bits above 21: iova >> 21 = 0x3F891A2.
        Assert.Equal(0x3F891A2UL, PageTableFormat.TablePrefix(iova, 1));
        Assert.Equal(0UL, PageTableFormat.TablePrefix(iova, 4));   // one top table in a 4-level tree
    }

    [Fact]
    public void Invalid_formats_are_refused_with_a_reason()
    {
        var levels = Assert.Throws<ArgumentOutOfRangeException>(() => new PageTableFormat(3, PageSizes.All));
        Assert.Contains("4 levels", levels.Message);
        var sizes = Assert.Throws<ArgumentOutOfRangeException>(() => new PageTableFormat(4, PageSizes.Size2MiB));
        Assert.Contains("must include 4KiB", sizes.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PageTableFormat(4, (PageSizes)8));
    }

    [Fact]
    public void A_format_reports_the_sizes_it_supports()
    {
        var format = new PageTableFormat(4, PageSizes.UpTo2MiB);
        Assert.True(format.Supports(PageSize.Size2MiB));
        Assert.False(format.Supports(PageSize.Size1GiB));
        Assert.Equal(format, new PageTableFormat(4, PageSizes.UpTo2MiB));   // a value, compared by content
    }
}
