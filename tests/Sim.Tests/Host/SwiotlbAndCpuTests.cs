using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Platform;
using IommuSim.Units;
using static IommuSim.Tests.Host.DmaFixture;

namespace IommuSim.Tests.Host;

public class SwiotlbAndCpuTests
{
    [Fact]
    public void The_kernel_constants()
    {
        Assert.Equal((2048, 128, 256UL * 1024), (SwiotlbPool.SlotSize, SwiotlbPool.SegmentSlots, SwiotlbPool.MaxMappingSize));
        Assert.Equal(ByteSize.FromMiB(64), new DmaApiParams().SwiotlbSize);
        Assert.Equal(32768, new SwiotlbPool(0, SwiotlbPool.DefaultSize).SlotCount);   // 64 MiB / 2 KiB
    }

    [Fact]
    public void Bounce_mappings_pay_a_memcpy_and_an_exhausted_pool_is_a_mapping_failure()
    {
        // 8 KiB pool = 4 slots of 2 KiB.
        var f = new DmaFixture(HostMode.Swiotlb, new DmaApiParams { SwiotlbSize = ByteSize.FromKiB(8), Costs = RoundCosts });
        var dev = f.Api.AttachDevice("0000:03:00.0", null, Mask64);
        Assert.Equal(DmaPath.Bounce, dev.Path);
        var dmas = new ulong[4];
        var done = new SimTime[4];
        for (int i = 0; i < 4; i++)
        {
            int k = i;
            f.MapInTurn(dev, 0x10_0000_0000 + (ulong)i * 0x10000, 2048, 0, DmaDataDirection.FromDevice, (d, t) => (dmas[k], done[k]) = (d, t));
        }
        f.Sim.Run();
        // Each map copies 2048 B at 4 B/cycle = 512 cycles = 256 ns at 2 GHz; one CPU takes them in turn.
        Assert.Equal([256, 512, 768, 1024], done.Select(t => t.Picoseconds / 1000));
        Assert.Equal(DmaApi.DefaultSwiotlbBase + 3 * 2048, dmas[3]);

        Assert.False(f.OnCpu(0, () => f.Api.TryMapSingle(dev, 0, 0x20_0000_0000, 1, DmaDataDirection.FromDevice, out _, out _)));
        Assert.Equal((1L, 1L), (f.Api.MapFailures, f.Api.Swiotlb!.SlotExhaustions));

        // FROM_DEVICE copies back on unmap (another 256 ns); TO_DEVICE does not.
        SimTime returned = default, toDevice = default;
        f.UnmapInTurn(dev, dmas[0], 2048, returned: t => returned = t);
        f.UnmapInTurn(dev, dmas[1], 2048, returned: t => toDevice = t, direction: DmaDataDirection.ToDevice);
        f.Sim.Run();
        Assert.Equal(SimTime.FromNanoseconds(1280), returned);
        Assert.Equal(SimTime.FromNanoseconds(1280), toDevice);
        Assert.Equal(5 * 2048, f.Api.BouncedBytes);                 // 4 in, 1 back
        Assert.Equal(2, f.Api.Swiotlb.SlotsInUse);
        Assert.Equal(SimTime.FromNanoseconds(5 * 256), f.Cpus[0].WorkTime(CpuWork.BounceCopy));
    }

    [Fact]
    public void Syncs_of_a_bounced_buffer_copy_it_and_of_a_direct_one_cost_nothing()
    {
        var f = new DmaFixture(HostMode.Off);
        var dev = f.Api.AttachDevice("0000:03:00.0", null, Mask32);
        ulong direct = f.Map(dev, 0x1000_0000, 4096);               // reachable: no bounce
        ulong bounced = f.Map(dev, 0x2_0000_0000, 4096);            // above 4 GiB: bounced
        f.Hold();
        // dma_sync_single_for_cpu of a received buffer: 4096 B / 4 B per cycle = 1024 cycles = 512 ns.
        Assert.Equal(SimTime.FromNanoseconds(512), f.Api.SyncForCpu(dev, 0, bounced, 4096, DmaDataDirection.FromDevice));
        Assert.Equal(SimTime.Zero, f.Api.SyncForCpu(dev, 0, bounced, 4096, DmaDataDirection.ToDevice));
        Assert.Equal(SimTime.Zero, f.Api.SyncForCpu(dev, 0, direct, 4096, DmaDataDirection.FromDevice));
        // for_device copies into the slot what the CPU wrote: TO_DEVICE and BIDIRECTIONAL.
        Assert.Equal(SimTime.FromNanoseconds(256), f.Api.SyncForDevice(dev, 0, bounced, 2048, DmaDataDirection.Bidirectional));
        Assert.Equal(SimTime.Zero, f.Api.SyncForDevice(dev, 0, bounced, 2048, DmaDataDirection.FromDevice));
        Assert.Equal(4096 + 4096 + 2048, f.Api.BouncedBytes);       // map in, sync out, sync in
    }

    [Fact]
    public void Pool_runs_are_page_aligned_for_4KiB_and_up_and_never_cross_a_128_slot_segment()
    {
        var pool = new SwiotlbPool(0x1000_0000, ByteSize.FromKiB(512));   // 256 slots, 2 segments
        Assert.True(pool.TryMap(2048, out var small));
        Assert.Equal(0x1000_0000UL, small);                               // slot 0
        // Next-fit from slot 1, page aligned (even slots): slots 2-3.
        Assert.True(pool.TryMap(4096, out var page));
        Assert.Equal(0x1000_0000UL + 2 * 2048, page);
        // 200 KiB = 100 slots: from slot 4, 124 free in segment 0, fits at 4-103.
        Assert.True(pool.TryMap(200 * 1024, out var big));
        Assert.Equal(0x1000_0000UL + 4 * 2048, big);
        // 100 KiB = 50 slots: slots 104-127 hold only 24, so the run starts at segment 1, slot 128.
        Assert.True(pool.TryMap(100 * 1024, out var next));
        Assert.Equal(0x1000_0000UL + 128 * 2048, next);
        Assert.False(pool.TryMap(257 * 1024, out _));
        Assert.Equal(1, pool.OversizeRejections);

        // Free slot 0 and slots 2-3: with never-used slot 1 they form a 4-slot run 0-3.
        Assert.Equal(2048UL, pool.Unmap(small));
        Assert.Equal(4096UL, pool.Unmap(page));
        Assert.Equal(100 + 50, pool.SlotsInUse);
        // Next-fit goes on after the last mapping (slot 178) instead of reusing the low slots.
        Assert.True(pool.TryMap(100 * 1024, out var after));               // 50 slots: 178-227
        Assert.Equal(0x1000_0000UL + 178 * 2048, after);
        Assert.True(pool.TryMap(40 * 1024, out var tail));                  // 20 slots: 228-247
        Assert.Equal(0x1000_0000UL + 228 * 2048, tail);
        Assert.True(pool.TryMap(16 * 1024, out var end));                   // 8 slots: 248-255
        Assert.Equal(0x1000_0000UL + 248 * 2048, end);
        // The pool's end is reached: the search wraps to slot 0 and finds the rejoined run 0-3.
        Assert.True(pool.TryMap(8192, out var wrapped));
        Assert.Equal(0x1000_0000UL, wrapped);
        Assert.False(pool.TryMap(64 * 1024, out _));                         // 32 slots: only 104-127 (24) left
        Assert.Equal(1, pool.SlotExhaustions);
        Assert.Throws<InvalidOperationException>(() => pool.Unmap(0x1000_0000 + 2048));
    }

    [Fact]
    public void A_thousand_maps_of_1000_cycles_on_a_2GHz_cpu_over_1ms_are_50_percent()
    {
        var f = new DmaFixture(HostMode.Strict);
        var dev = f.Device(DomainType.DmaStrict, Mask64);
        // Each map: 1000 cycles / 2 GHz = 500 ns; 1000 of them, one after another = 500 us of CPU 0's 1 ms.
        for (int i = 0; i < 1000; i++) f.MapInTurn(dev, 0x1_0000_0000 + (ulong)i * 4096, 4096, 0, DmaDataDirection.FromDevice);
        f.Sim.Run(SimTime.FromMilliseconds(1));
        Assert.Equal(SimTime.FromMicroseconds(500), f.Cpus[0].BusyTime);
        Assert.Equal(SimTime.FromMicroseconds(500), f.Cpus[0].WorkTime(CpuWork.Map));
        Assert.Equal((0.5, 0.0), (f.Cpus[0].Utilisation, f.Cpus[1].Utilisation));
        Assert.Equal((0.25, 0.5, 0.5), (f.Cpus.MeanUtilisation, f.Cpus.MaxUtilisation, f.Cpus.BusyCpus));
        Assert.Equal(1000, f.Cpus[0].Operations);
    }

    [Fact]
    public void Cost_conversions_by_hand()
    {
        var costs = new DmaCostParams { CpuFrequencyGhz = 2.5, MemcpyBytesPerCycle = 8 };
        Assert.Equal(SimTime.FromNanoseconds(400), costs.CyclesToTime(1000));     // 1000 / 2.5 GHz
        Assert.Equal(SimTime.FromNanoseconds(750), costs.MemcpyTime(15_000));    // 1875 cycles
        Assert.Equal(632, new DmaCostParams().MapCycles);
        Assert.Equal(SimTime.FromNanoseconds(1000 / 2.5), costs.InterruptTime);
        Assert.Contains(new DmaApiParams { SwiotlbSize = ByteSize.FromBytes(3000) }.Validate(), p => p.Key == "swiotlb_size");
    }
}
