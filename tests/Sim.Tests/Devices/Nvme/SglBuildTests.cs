using IommuSim.Devices.Nvme;
using IommuSim.Host;
using static IommuSim.Tests.Devices.Nvme.DataPointerFixture;

namespace IommuSim.Tests.Devices.Nvme;

/// <summary>
/// When Linux uses SGLs (nvme_pci_use_sgls, nvme_map_data): an SGL-capable controller, an I/O queue, and an
/// average segment (payload / segments, rounded up; a coalesced IOVA mapping is one segment) of at least
/// sgl_threshold, or segments PRPs cannot describe. One segment is a Data Block in the command; several are a
/// Last Segment descriptor pointing to 16-byte Data Block descriptors in one pool block.
/// </summary>
public class SglBuildTests
{
    private const uint KiB = 1024;

    private static DmaSegment[] Scattered(int count, uint bytes)
    {
        var segments = new DmaSegment[count];
        for (int i = 0; i < count; i++)
            segments[i] = new DmaSegment(0x4000_0000UL + 0x10_0000UL * (ulong)(count - i), bytes);   // descending, apart
        return segments;
    }

    [Fact]
    public void Four_segments_of_32_KiB_are_one_segment_read_of_four_descriptors()
    {
        var f = new DataPointerFixture(sgl: true);
        var segments = Scattered(4, 32 * KiB);
        var p = f.Build(segments);
        // average 128 KiB / 4 = 32 KiB >= sgl_threshold; 4 descriptors fit the 256 B block (16 of them would).
        Assert.Equal(NvmeDataPointerFormat.Sgl, p.Format);
        Assert.Equal(new NvmeSglDescriptor(SmallBase, 4 * 16, NvmeSglDescriptorType.LastSegment), p.Sgl);
        Assert.Equal(new[] { new NvmeDescriptorRead(SmallBase, 64, NvmeDescriptorKind.SglSegment) }, f.ReadsOf(p));
        Assert.Equal(segments, f.DataOf(p));
        Assert.Equal((1, 0), (p.SmallPoolAllocations, p.LargePoolAllocations));
    }

    [Fact]
    public void Seventeen_descriptors_need_the_page_pool()
    {
        var f = new DataPointerFixture(sgl: true);
        var p = f.Build(Scattered(17, 32 * KiB));
        Assert.Equal(new[] { new NvmeDescriptorRead(LargeBase, 17 * 16, NvmeDescriptorKind.SglSegment) }, f.ReadsOf(p));
        Assert.Equal(new[] { NvmeDescriptorPool.Large }, f.Allocations);
    }

    [Fact]
    public void One_physical_segment_is_a_data_block_in_the_command_with_nothing_to_read()
    {
        var f = new DataPointerFixture(sgl: true);
        var p = f.Build(new DmaSegment(Data, 128 * KiB));
        Assert.Equal(new NvmeSglDescriptor(Data, 128 * KiB, NvmeSglDescriptorType.DataBlock), p.Sgl);
        Assert.Empty(f.ReadsOf(p));
        Assert.Equal(new[] { new DmaSegment(Data, 128 * KiB) }, f.DataOf(p));
        Assert.Empty(f.Allocations);
    }

    [Fact]
    public void A_coalesced_IOVA_range_counts_as_one_segment_and_is_a_data_block()
    {
        var f = new DataPointerFixture(sgl: true);
        // 32 pages behind the IOMMU, one IOVA range: average 128 KiB, not 4 KiB.
        var p = f.Build(physicalSegments: 32, new DmaSegment(Data, 128 * KiB));
        Assert.Equal(new NvmeSglDescriptor(Data, 128 * KiB, NvmeSglDescriptorType.DataBlock), p.Sgl);
        Assert.Empty(f.ReadsOf(p));
    }

    [Fact]
    public void Below_the_threshold_the_same_controller_uses_PRPs()
    {
        var f = new DataPointerFixture(sgl: true);
        // 64 KiB in 16 pages: average 4 KiB < 32 KiB. PRP1 + a list of 15.
        var p = f.Build(Pages(0x3000_0000, 16));
        Assert.Equal(NvmeDataPointerFormat.Prp, p.Format);
        Assert.Equal(new[] { new NvmeDescriptorRead(SmallBase, 120, NvmeDescriptorKind.PrpList) }, f.ReadsOf(p));
    }

    [Fact]
    public void The_average_is_rounded_up_and_compared_at_least()
    {
        var f = new DataPointerFixture(sgl: true, sglThresholdBytes: 10_000);
        // 30 001 bytes in 3 segments: ceil(30001 / 3) = 10 001 >= 10 000; 29 998 / 3 = 9 999.33 -> 10 000, still >=;
        // 29 997 / 3 = 9 999 < 10 000.
        Assert.Equal(NvmeDataPointerFormat.Sgl, f.Build(Three(30_001)).Format);
        Assert.Equal(NvmeDataPointerFormat.Sgl, f.Build(Three(29_998)).Format);
        Assert.Equal(NvmeDataPointerFormat.Prp, f.Build(Three(29_997)).Format);

        static DmaSegment[] Three(uint total) =>
            new[] { new DmaSegment(0x10_0000_0000, 8192), new DmaSegment(0x20_0000_0000, 8192), new DmaSegment(0x30_0000_0000, total - 16384) };
    }

    [Fact]
    public void Without_controller_support_PRPs_are_used()
    {
        var f = new DataPointerFixture(sgl: false);
        var p = f.Build(Scattered(4, 32 * KiB));
        // 32 pages: PRP1 = the first segment's first page, then a list of 31 entries (248 B, the small pool).
        Assert.Equal(NvmeDataPointerFormat.Prp, p.Format);
        Assert.Equal(new[] { new NvmeDescriptorRead(SmallBase, 31 * 8, NvmeDescriptorKind.PrpList) }, f.ReadsOf(p));
        Assert.Equal(32, p.DataSegments);
    }

    [Fact]
    public void A_zero_threshold_keeps_PRPs_for_several_segments()
    {
        var f = new DataPointerFixture(sgl: true, sglThresholdBytes: 0);
        Assert.Equal(NvmeDataPointerFormat.Prp, f.Build(Scattered(4, 32 * KiB)).Format);
        Assert.Equal(NvmeDataPointerFormat.Prp, f.Build(physicalSegments: 32, new DmaSegment(Data, 128 * KiB)).Format);
    }

    [Fact]
    public void A_zero_threshold_does_not_stop_the_single_segment_data_block_past_two_pages()
    {
        // nvme_pci_setup_data_simple takes an SGL Data Block whenever SGLs are usable and PRP1 + PRP2 cannot
        // cover the segment; sgl_threshold is only consulted on the multi-segment path.
        var f = new DataPointerFixture(sgl: true, sglThresholdBytes: 0);
        Assert.Equal(NvmeDataPointerFormat.Sgl, f.Build(new DmaSegment(Data, 12 * KiB)).Format);
        Assert.Equal(NvmeDataPointerFormat.Prp, f.Build(new DmaSegment(Data, 8 * KiB)).Format);
    }

    [Fact]
    public void One_segment_within_two_pages_stays_PRP_even_above_the_threshold()
    {
        var f = new DataPointerFixture(sgl: true, sglThresholdBytes: 4096);
        var p = f.Build(new DmaSegment(Data, 8 * KiB));
        Assert.Equal((NvmeDataPointerFormat.Prp, Data, Data + 0x1000), (p.Format, p.Prp1, p.Prp2));
    }

    [Fact]
    public void The_admin_queue_never_uses_SGLs()
    {
        var f = new DataPointerFixture(sgl: true);
        var p = f.Builder.Build(Scattered(4, 32 * KiB), ioQueue: false, f.Reads, f.Segments);
        Assert.Equal(NvmeDataPointerFormat.Prp, p.Format);
    }

    [Fact]
    public void Segments_meeting_inside_a_page_force_an_SGL_below_the_threshold()
    {
        var f = new DataPointerFixture(sgl: true);
        var segments = new[] { new DmaSegment(Data, 0x800), new DmaSegment(Data + 0x10_0000, 0x1000) };
        var p = f.Build(segments);
        // average 3 KiB is far below 32 KiB, but the first segment ends mid-page: PRPs cannot describe it.
        Assert.Equal(new NvmeSglDescriptor(SmallBase, 32, NvmeSglDescriptorType.LastSegment), p.Sgl);
        Assert.Equal(segments, f.DataOf(p));
    }
}
