using IommuSim.Devices.Nvme;
using IommuSim.Host;
using static IommuSim.Tests.Devices.Nvme.DataPointerFixture;

namespace IommuSim.Tests.Devices.Nvme;

/// <summary>
/// PRPs as the NVMe Base Specification defines them and Linux fills them: PRP1 is the first address; PRP2 is 0
/// when the data end in PRP1's page, the next page when they end there, else a PRP list (8 B per further page;
/// a 4 KiB list page holds 512 entries, the last pointing to the next page when more follow).
/// </summary>
public class PrpBuildTests
{
    private static readonly NvmeDescriptorKind List = NvmeDescriptorKind.PrpList;

    [Fact]
    public void Four_KiB_aligned_is_PRP1_alone()
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(Data, 4096));
        Assert.Equal(NvmeDataPointerFormat.Prp, p.Format);
        Assert.Equal((Data, 0UL), (p.Prp1, p.Prp2));
        Assert.Empty(f.ReadsOf(p));
        Assert.Equal(new[] { new DmaSegment(Data, 4096) }, f.DataOf(p));
        Assert.Equal(0, p.PoolAllocations);
    }

    [Fact]
    public void Eight_KiB_aligned_puts_the_second_page_in_PRP2_without_a_list()
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(Data, 8192));
        Assert.Equal((Data, Data + 0x1000), (p.Prp1, p.Prp2));
        Assert.Empty(f.ReadsOf(p));
        Assert.Equal(Pages(Data, 2), f.DataOf(p));
        Assert.Empty(f.Allocations);
    }

    [Fact]
    public void Four_KiB_at_offset_512_spans_two_pages_PRP1_with_offset_and_PRP2()
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(Data + 0x200, 4096));
        // PRP1 covers 4096 - 512 = 3584 bytes to its page's end; the other 512 are in the next page.
        Assert.Equal((Data + 0x200, Data + 0x1000), (p.Prp1, p.Prp2));
        Assert.Equal(new[] { new DmaSegment(Data + 0x200, 3584), new DmaSegment(Data + 0x1000, 512) }, f.DataOf(p));
        Assert.Empty(f.ReadsOf(p));
    }

    [Fact]
    public void Sixteen_KiB_aligned_is_PRP1_and_a_list_of_three_entries()
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(Data, 16384));
        // 4 pages: PRP1 takes the first, the other 3 go to a list (3 <= 32 entries: the 256 B pool).
        Assert.Equal((Data, SmallBase), (p.Prp1, p.Prp2));
        Assert.Equal(new[] { new NvmeDescriptorRead(SmallBase, 24, List) }, f.ReadsOf(p));
        Assert.Equal(Pages(Data, 4), f.DataOf(p));
        Assert.Equal(new[] { NvmeDescriptorPool.Small }, f.Allocations);
        Assert.Equal((1, 0), (p.SmallPoolAllocations, p.LargePoolAllocations));
    }

    [Fact]
    public void Sixty_four_KiB_aligned_reads_one_list_of_15_entries()
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(Data, 65536));
        Assert.Equal(new[] { new NvmeDescriptorRead(SmallBase, 15 * 8, List) }, f.ReadsOf(p));
        Assert.Equal(Pages(Data, 16), f.DataOf(p));
    }

    [Theory]
    [InlineData(33, 32, NvmeDescriptorPool.Small)]   // 132 KiB: 32 list entries, exactly the 256 B small block
    [InlineData(34, 33, NvmeDescriptorPool.Large)]   // 136 KiB: 33 entries no longer fit it
    public void The_list_comes_from_the_small_pool_up_to_32_entries(int pages, int entries, NvmeDescriptorPool pool)
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(Data, 4096u * (uint)pages));
        ulong list = pool == NvmeDescriptorPool.Small ? SmallBase : LargeBase;
        Assert.Equal(list, p.Prp2);
        Assert.Equal(new[] { new NvmeDescriptorRead(list, (uint)entries * 8, List) }, f.ReadsOf(p));
        Assert.Equal(new[] { pool }, f.Allocations);
    }

    [Fact]
    public void Two_MiB_plus_4_KiB_fills_one_list_page_exactly_without_chaining()
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(Data, (2u << 20) + 4096));
        // 513 pages: PRP1 + 512 list entries, which is a full 4 KiB page and needs no link.
        Assert.Equal(new[] { new NvmeDescriptorRead(LargeBase, 4096, List) }, f.ReadsOf(p));
        Assert.Equal(Pages(Data, 513), f.DataOf(p));
        Assert.Equal((0, 1), (p.SmallPoolAllocations, p.LargePoolAllocations));
    }

    [Fact]
    public void Two_MiB_plus_8_KiB_chains_a_second_list_page()
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(Data, (2u << 20) + 8192));
        // 514 pages: 513 list entries. The first page holds 511 of them and, in its last slot, the second page's
        // address (all 512 slots read); the second holds the other 2.
        Assert.Equal(LargeBase, p.Prp2);
        Assert.Equal(new[] { new NvmeDescriptorRead(LargeBase, 4096, List), new NvmeDescriptorRead(LargeBase + 4096, 16, List) },
            f.ReadsOf(p));
        Assert.Equal(Pages(Data, 514), f.DataOf(p));
        Assert.Equal(new[] { NvmeDescriptorPool.Large, NvmeDescriptorPool.Large }, f.Allocations);
        Assert.Equal((0, 2), (p.SmallPoolAllocations, p.LargePoolAllocations));
    }

    [Fact]
    public void Eight_MiB_unaligned_uses_five_list_pages_the_most_Linux_allows()
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(Data + 0x800, 8u << 20));
        // 2048 pages' worth from offset 2 KiB spans 2049 pages: PRP1 (2 KiB) + 2048 entries, the last of 2 KiB.
        // Pages 1-4 carry 511 entries and a link each (2044), the fifth the remaining 4.
        var reads = f.ReadsOf(p);
        Assert.Equal(5, reads.Length);
        for (int i = 0; i < 4; i++)
            Assert.Equal(new NvmeDescriptorRead(LargeBase + 4096UL * (ulong)i, 4096, List), reads[i]);
        Assert.Equal(new NvmeDescriptorRead(LargeBase + 4 * 4096, 32, List), reads[4]);
        var data = f.DataOf(p);
        Assert.Equal(2049, data.Length);
        Assert.Equal(new DmaSegment(Data + 0x800, 2048), data[0]);
        Assert.Equal(new DmaSegment(Data + 2048UL * 4096, 2048), data[^1]);
    }

    [Fact]
    public void Eight_KiB_from_an_unaligned_start_spans_three_pages_and_needs_a_list()
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(Data + 0x200, 8192));
        // PRP1: 3584 bytes; 4608 left is more than a page, so PRP2 is a list of 2 entries (4096 + 512).
        Assert.Equal((Data + 0x200, SmallBase), (p.Prp1, p.Prp2));
        Assert.Equal(new[] { new NvmeDescriptorRead(SmallBase, 16, List) }, f.ReadsOf(p));
        Assert.Equal(new[] { new DmaSegment(Data + 0x200, 3584), new DmaSegment(Data + 0x1000, 4096), new DmaSegment(Data + 0x2000, 512) },
            f.DataOf(p));
    }

    [Fact]
    public void Scattered_page_segments_without_an_IOMMU_become_list_entries_in_order()
    {
        var f = new DataPointerFixture();
        var segments = new[]
        {
            new DmaSegment(0x7000_0E00, 0x200),  // the tail of a page
            new DmaSegment(0x5000_3000, 0x1000),
            new DmaSegment(0x6000_8000, 0x800),  // the head of a page
        };
        var p = f.Build(segments);
        // PRP1 = the first 512 bytes; 6144 left need 2 entries, so a list: 0x5000_3000 then 0x6000_8000.
        Assert.Equal((0x7000_0E00UL, SmallBase), (p.Prp1, p.Prp2));
        Assert.Equal(new[] { new NvmeDescriptorRead(SmallBase, 16, List) }, f.ReadsOf(p));
        Assert.Equal(segments, f.DataOf(p));
    }

    [Fact]
    public void Two_scattered_pages_are_PRP1_and_PRP2()
    {
        var f = new DataPointerFixture();
        var p = f.Build(new DmaSegment(0x7000_0000, 4096), new DmaSegment(0x5000_3000, 4096));
        Assert.Equal((0x7000_0000UL, 0x5000_3000UL), (p.Prp1, p.Prp2));
        Assert.Empty(f.ReadsOf(p));
    }

    [Fact]
    public void Segments_meeting_inside_a_page_cannot_be_PRPs_without_SGLs()
    {
        var f = new DataPointerFixture(sgl: false);
        Assert.Throws<ArgumentException>(() => f.Build(new DmaSegment(Data, 0x800), new DmaSegment(Data + 0x10_0000, 0x1000)));
    }

    [Fact]
    public void Requests_beyond_Linux_limits_are_rejected()
    {
        var f = new DataPointerFixture();
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Build(new DmaSegment(Data, (8u << 20) + 4096)));
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Build(Pages(Data, 257)));   // NVME_MAX_SEGS = 4096 / 16
        Assert.Equal(256, f.Builder.MaxSegments);
    }
}
