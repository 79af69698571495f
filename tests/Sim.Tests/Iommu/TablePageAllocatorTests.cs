using IommuSim.Iommu;
using IommuSim.Units;

namespace IommuSim.Tests.Iommu;

public class TablePageAllocatorTests
{
    [Fact]
    public void Pages_come_upward_from_the_base_and_freed_pages_are_reused_last_first()
    {
        var allocator = new TablePageAllocator(0x10_0000, ByteSize.FromKiB(16));
        Assert.Equal(0x10_0000UL, allocator.Allocate());
        Assert.Equal(0x10_1000UL, allocator.Allocate());
        Assert.Equal(0x10_2000UL, allocator.Allocate());
        allocator.Free(0x10_0000);
        allocator.Free(0x10_2000);
        Assert.Equal(1L, allocator.PagesInUse);
        Assert.Equal(3L, allocator.PeakPagesInUse);
        Assert.Equal(0x10_2000UL, allocator.Allocate());
        Assert.Equal(0x10_0000UL, allocator.Allocate());
        Assert.Equal(0x10_3000UL, allocator.Allocate());   // the fourth and last page of 16KiB
    }

    [Fact]
    public void A_full_region_says_so()
    {
        var allocator = new TablePageAllocator(0x10_0000, ByteSize.FromKiB(4));
        allocator.Allocate();
        var ex = Assert.Throws<InvalidOperationException>(() => allocator.Allocate());
        Assert.Contains("page-table memory exhausted", ex.Message);
        Assert.Contains("4KiB", ex.Message);
    }

    [Fact]
    public void The_region_must_be_aligned_non_empty_and_below_52_bits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TablePageAllocator(0x10_0800, ByteSize.FromKiB(4)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TablePageAllocator(0x10_0000, ByteSize.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TablePageAllocator(0x10_0000, ByteSize.FromBytes(6000)));
        // 2^52 - 4KiB leaves room for exactly one page.
        var last = new TablePageAllocator((1UL << 52) - 4096, ByteSize.FromKiB(4));
        Assert.Equal((1UL << 52) - 4096, last.Allocate());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TablePageAllocator((1UL << 52) - 4096, ByteSize.FromKiB(8)));
        Assert.Contains("52-bit", ex.Message);
    }
}
