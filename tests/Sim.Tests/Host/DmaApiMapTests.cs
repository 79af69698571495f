using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Platform;
using static IommuSim.Tests.Host.DmaFixture;

namespace IommuSim.Tests.Host;

public class DmaApiMapTests
{
    [Fact]
    public void Map_single_allocates_the_top_page_below_4GiB_for_a_32_bit_device_and_keeps_the_offset()
    {
        var f = new DmaFixture(HostMode.Strict);
        var dev = f.Device(DomainType.DmaStrict, Mask32);
        f.Hold();
        // 1500 bytes at offset 0x100 fit one page; the top page below 4 GiB is pfn 0xFFFFF.
        Assert.True(f.Api.TryMapSingle(dev, 0, 0x1_2345_6100, 1500, DmaDataDirection.FromDevice, out var dma, out var done));
        Assert.Equal(0xFFFF_F100UL, dma);
        Assert.Equal(SimTime.FromNanoseconds(500), done);           // 1000 cycles at 2 GHz
        Assert.Equal((0xFFFF_F000UL, 0x1_2345_6000UL, 0x1000UL), Assert.Single(f.Observer.Maps));
        // The map is reported with the device it was made for and the CPU its call ran on (for trace lines).
        Assert.Equal((dev.Name, 0), Assert.Single(f.Observer.Callers));
        Assert.True(dev.Domain!.PageTable!.TryTranslate(dma, out var leaf));
        Assert.Equal(0x1_2345_6100UL, leaf.PhysicalAddress);
        Assert.Equal(Permissions.Write, leaf.Permissions);           // FROM_DEVICE: the device writes
    }

    [Fact]
    public void A_64_bit_pci_device_gets_32_bit_iovas_first_unless_forcedac()
    {
        var sac = new DmaFixture(HostMode.Lazy);
        Assert.Equal(0xFFFF_F000UL, sac.Map(sac.Device(DomainType.DmaLazy, Mask64), 0x8_0000_0000, 4096));

        var dac = new DmaFixture(HostMode.Lazy, new DmaApiParams { ForceDac = true, Costs = RoundCosts });
        ulong iova = dac.Map(dac.Device(DomainType.DmaLazy, Mask64), 0x8_0000_0000, 4096);
        // The domain's 48-bit aperture bounds the 64-bit mask: the top page is 2^48 - 4 KiB.
        Assert.Equal(0xFFFF_FFFF_F000UL, iova);
        Assert.True(iova < 1UL << 48);
    }

    [Fact]
    public void When_the_space_below_4GiB_is_full_a_64_bit_device_moves_above_it_for_good()
    {
        var f = new DmaFixture(HostMode.Strict);
        var dev = f.Device(DomainType.DmaStrict, Mask64);
        const ulong GiB = 1UL << 30;
        // 1 GiB = 0x40000 pages, aligned to 1 GiB. The reserved MSI window (pfns 0xFEE00-0xFEEFF) blocks
        // 3-4 GiB, so the first lands at 2 GiB, the second at 1 GiB, and 0-1 GiB cannot hold a third
        // (pfn 0 is never handed out).
        Assert.Equal(2 * GiB, f.Map(dev, 8 * GiB, GiB));
        Assert.Equal(1 * GiB, f.Map(dev, 9 * GiB, GiB));
        Assert.True(dev.TriesBelow4GiBFirst);
        // The third goes to the top of the 48-bit space: 2^48 - 1 GiB.
        Assert.Equal((1UL << 48) - GiB, f.Map(dev, 10 * GiB, GiB));
        Assert.False(dev.TriesBelow4GiBFirst);
        Assert.Equal(0, f.Api.MapFailures);
        // The next one does not try below 4 GiB again.
        long failures = f.Api.AllocatorOf(dev.Domain!)!.Failures;
        Assert.Equal((1UL << 48) - 2 * GiB, f.Map(dev, 11 * GiB, GiB));
        Assert.Equal(failures, f.Api.AllocatorOf(dev.Domain!)!.Failures);
    }

    [Fact]
    public void A_32_bit_device_fails_when_its_space_is_exhausted_and_nothing_is_mapped()
    {
        var f = new DmaFixture(HostMode.Strict);
        var dev = f.Device(DomainType.DmaStrict, Mask32);
        const ulong GiB = 1UL << 30;
        f.Map(dev, 8 * GiB, GiB);
        f.Map(dev, 9 * GiB, GiB);
        var table = dev.Domain!.PageTable!;
        var mappedBefore = table.MappedBytes;
        f.Hold();
        Assert.False(f.Api.TryMapSingle(dev, 0, 10 * GiB, GiB, DmaDataDirection.ToDevice, out var dma, out _));
        Assert.Equal(0UL, dma);
        Assert.Equal(1, f.Api.MapFailures);
        Assert.Equal(mappedBefore, table.MappedBytes);
        Assert.True(f.Api.AllocatorOf(dev.Domain)!.Failures >= 1);
    }

    [Fact]
    public void Map_sg_uses_one_iova_range_maps_physical_runs_once_and_merges_iova_contiguous_segments()
    {
        var f = new DmaFixture(HostMode.Strict);
        var dev = f.Device(DomainType.DmaStrict, Mask32);
        ScatterEntry[] list =
        [
            new(0x10_0000_0800, 0x800),   // A: second half of a page
            new(0x10_0000_1000, 0x1000),  // B: the next page, physically contiguous with A
            new(0x20_0000_0000, 0x1000),  // C: a page elsewhere
            new(0x30_0000_0100, 0x200),   // D: starts inside its page
        ];
        var segments = new DmaSegment[4];
        f.Hold();
        int count = f.Api.MapSg(dev, 0, list, segments, DmaDataDirection.ToDevice, out var done);

        // IOVA lengths: 4 pages, one 4-page-aligned range: pfn (0x100000 - 4) & ~3 = 0xFFFFC.
        // Page-table calls: A+B (physically contiguous), C, D.
        Assert.Equal(
            [(0xFFFF_C000UL, 0x10_0000_0000UL, 0x2000UL), (0xFFFF_E000UL, 0x20_0000_0000UL, 0x1000UL), (0xFFFF_F000UL, 0x30_0000_0000UL, 0x1000UL)],
            f.Observer.Maps);
        // Segments: A ends on a page end and B, C start on one, so A+B+C form one IOVA-contiguous
        // segment of 0x800 + 0x1000 + 0x1000 bytes from 0xFFFFC800; D starts at offset 0x100: new segment.
        Assert.Equal(2, count);
        Assert.Equal(new DmaSegment(0xFFFF_C800, 0x2800), segments[0]);
        Assert.Equal(new DmaSegment(0xFFFF_F100, 0x200), segments[1]);
        // 1000 + 3 x 100 cycles = 1300 cycles at 2 GHz = 650 ns.
        Assert.Equal(SimTime.FromNanoseconds(650), done);
        Assert.Equal((1L, 4L, 2L), (f.Api.SgMapCalls, f.Api.SgEntries, f.Api.SgSegments));

        // Unmap: the whole 4-page range at once, one range invalidation.
        f.Api.UnmapSg(dev, 0, segments.AsSpan(0, count), DmaDataDirection.ToDevice);
        f.Sim.Run();
        Assert.Equal((0xFFFF_C000UL, 0x4000UL, 0x4000UL), Assert.Single(f.Observer.Unmaps));
        Assert.Equal(("range", 0xFFFF_C000UL, 0x4000UL), (f.Invalidator.Calls[0].Kind, f.Invalidator.Calls[0].Iova, f.Invalidator.Calls[0].Size));
        Assert.Equal(1, f.Api.AllocatorOf(dev.Domain!)!.CachedRanges);
    }

    [Fact]
    public void Map_sg_does_not_merge_past_the_max_segment_size()
    {
        var f = new DmaFixture(HostMode.Strict);
        var dev = f.Device(DomainType.DmaStrict, Mask32, maxSegment: 0x1000);
        ScatterEntry[] list = [new(0x10_0000_0800, 0x800), new(0x10_0000_1000, 0x1000)];
        var segments = new DmaSegment[2];
        f.Hold();
        // Merging B (0x1000) into A (0x800) would make 0x1800 > 0x1000. Two pages: pfn 0xFFFFE.
        Assert.Equal(2, f.Api.MapSg(dev, 0, list, segments, DmaDataDirection.ToDevice, out _));
        Assert.Equal([new DmaSegment(0xFFFF_E800, 0x800), new DmaSegment(0xFFFF_F000, 0x1000)], segments);
    }

    [Fact]
    public void Without_an_iommu_addresses_are_physical_and_unreachable_buffers_bounce()
    {
        var f = new DmaFixture(HostMode.Off);
        var dev = f.Api.AttachDevice("0000:02:00.0", null, Mask32);
        Assert.Equal(DmaPath.Direct, dev.Path);
        Assert.Equal(0x1234_5678UL, f.Map(dev, 0x1234_5678, 1500));
        // Above 4 GiB the 32-bit device cannot reach: the buffer is copied into the SWIOTLB pool.
        ulong bounced = f.Map(dev, 0x2_0000_0000, 1500);
        Assert.Equal(DmaApi.DefaultSwiotlbBase, bounced);
        Assert.Equal(1500, f.Api.BouncedBytes);
        Assert.Empty(f.Observer.Maps);
        // Scatter/gather without translation: one segment per element.
        var segments = new DmaSegment[2];
        f.Hold();
        Assert.Equal(2, f.Api.MapSg(dev, 0, [new(0x1000, 0x1000), new(0x2000, 0x1000)], segments, DmaDataDirection.ToDevice, out _));
        Assert.Equal([new DmaSegment(0x1000, 0x1000), new DmaSegment(0x2000, 0x1000)], segments);
    }

    [Fact]
    public void Attach_checks_the_mode_the_domain_and_the_mask()
    {
        var off = new DmaFixture(HostMode.Off);
        Assert.Throws<ArgumentException>(() => off.Api.AttachDevice("a", off.NewDomain(DomainType.DmaLazy), Mask32));
        var lazy = new DmaFixture(HostMode.Lazy);
        // A device outside every IOMMU unit's scope has no domain: Linux gives it dma-direct.
        Assert.Equal(DmaPath.Direct, lazy.Api.AttachDevice("outside", null, Mask32).Path);
        Assert.Throws<ArgumentException>(() => lazy.Api.AttachDevice("a", lazy.NewDomain(DomainType.Unmanaged), Mask32));
        Assert.Throws<ArgumentException>(() => lazy.Api.AttachDevice("a", lazy.NewDomain(DomainType.DmaLazy), 0x1_2345));
        Assert.Equal(DmaPath.Direct, lazy.Api.AttachDevice("a", lazy.NewDomain(DomainType.Identity), Mask32).Path);
        Assert.Throws<ArgumentException>(() => new DmaApi(new Simulation(), HostMode.Strict, new DmaApiParams(), new HostCpus(new Simulation(), 1), null));
    }
}
