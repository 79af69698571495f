using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Platform;
using static IommuSim.Tests.Host.DmaFixture;

namespace IommuSim.Tests.Host;

public class FlushQueueTests
{
    private static readonly DmaCostParams Free = RoundCosts with { MapCycles = 0, UnmapCycles = 0, SgSegmentCycles = 0 };

    private static (DmaFixture F, DmaDevice Dev, FlushQueue Queue) Lazy(FlushQueueKind kind = FlushQueueKind.PerCpu, DmaCostParams? costs = null)
    {
        var f = new DmaFixture(HostMode.Lazy, new DmaApiParams { FlushQueue = kind, Costs = costs ?? Free });
        var dev = f.Device(DomainType.DmaLazy, Mask32);
        return (f, dev, f.Api.FlushQueueOf(dev.Domain!)!);
    }

    [Fact]
    public void The_kernel_constants()
    {
        Assert.Equal((256, SimTime.FromMilliseconds(10)), (FlushQueue.DefaultCapacity, FlushQueue.DefaultTimeout));
        Assert.Equal((32768, SimTime.FromMilliseconds(1000)), (FlushQueue.SingleCapacity, FlushQueue.SingleTimeout));
        var (_, _, perCpu) = Lazy(FlushQueueKind.PerCpu);
        Assert.Equal((256, SimTime.FromMilliseconds(10)), (perCpu.Capacity, perCpu.Timeout));
        var (_, _, single) = Lazy(FlushQueueKind.Single);
        Assert.Equal((32768, SimTime.FromMilliseconds(1000)), (single.Capacity, single.Timeout));
    }

    [Fact]
    public void The_256th_unmap_on_a_cpu_flushes_its_queue()
    {
        var (f, dev, queue) = Lazy();
        var dmas = new ulong[256];
        for (int i = 0; i < dmas.Length; i++) dmas[i] = f.Map(dev, 0x1_0000_0000 + (ulong)i * 4096, 4096);

        // 255 unmaps fill the 256-slot ring (it holds 255): no invalidation yet.
        for (int i = 0; i < 255; i++) f.UnmapInTurn(dev, dmas[i], 4096);
        f.Sim.Run(SimTime.FromMicroseconds(5));
        Assert.Empty(f.Invalidator.Calls);
        Assert.Equal(255, queue.Entries);

        // The 256th finds the ring full: one domain flush, issued at 5 us, done at 6 us; it returns then.
        SimTime returned = SimTime.MaxValue;
        f.UnmapInTurn(dev, dmas[255], 4096, returned: t => returned = t);
        f.Sim.Run(SimTime.FromMicroseconds(7));
        Assert.Equal(("domain", SimTime.FromMicroseconds(5)), (f.Invalidator.Calls.Single().Kind, f.Invalidator.Calls.Single().At));
        Assert.Equal(SimTime.FromMicroseconds(6), returned);
        Assert.Equal((1L, 0L), (queue.FullFlushes, queue.TimerFlushes));
        // The 255 flushed ranges went back to the allocator (CPU 0's magazines); the 256th waits.
        Assert.Equal(1, queue.Entries);
        Assert.Equal(255, f.Api.AllocatorOf(dev.Domain!)!.CachedRanges);
        // Each of the 255 was reachable from its return (0) to the flush's end (6 us).
        Assert.Equal(255, f.Api.StaleWindow.Count);
        Assert.Equal(SimTime.FromMicroseconds(6).Picoseconds, f.Api.StaleWindow.Max);
    }

    [Fact]
    public void The_timer_flushes_10ms_after_the_first_unmap_and_is_armed_again_by_the_next()
    {
        var (f, dev, queue) = Lazy();
        ulong a = f.Map(dev, 0x1_0000_0000, 4096), b = f.Map(dev, 0x1_0000_1000, 4096);
        f.UnmapInTurn(dev, a, 4096, cpu: 1);
        f.Sim.Run(SimTime.FromMicroseconds(9_999));
        Assert.Empty(f.Invalidator.Calls);
        Assert.True(queue.TimerArmed);

        // Fires at 10 ms, the flush completes at 10 ms + 1 us, and the range is freed on CPU 1.
        f.Sim.Run(SimTime.FromMicroseconds(10_002));
        Assert.Equal(("domain", SimTime.FromMilliseconds(10)), (f.Invalidator.Calls.Single().Kind, f.Invalidator.Calls.Single().At));
        Assert.Equal((0L, 1L, 0), (queue.FullFlushes, queue.TimerFlushes, queue.Entries));
        Assert.False(queue.TimerArmed);
        Assert.True(f.Api.AllocatorOf(dev.Domain!)!.TryAllocate(1, 1, 0xFFFFF, false, out var reused));
        Assert.Equal(a >> 12, reused);                               // from CPU 1's magazine
        // The timer's handler held CPU 1 while it spun on the flush: 1 us.
        Assert.Equal(SimTime.FromMicroseconds(1), f.Cpus[1].WorkTime(CpuWork.InvalidationWait));
        Assert.Equal(SimTime.FromMicroseconds(1), f.Cpus[1].BusyTime);

        f.UnmapInTurn(dev, b, 4096);
        f.Sim.Run(SimTime.FromMicroseconds(10_003));
        Assert.True(queue.TimerArmed);
        f.Sim.Run();
        Assert.Equal(SimTime.FromMicroseconds(10_002 + 10_000), f.Invalidator.Calls[1].At);
    }

    [Fact]
    public void The_single_queue_is_shared_by_all_cpus_and_waits_1000ms()
    {
        var (f, dev, queue) = Lazy(FlushQueueKind.Single);
        ulong a = f.Map(dev, 0x1_0000_0000, 4096), b = f.Map(dev, 0x1_0000_1000, 4096);
        f.UnmapInTurn(dev, a, 4096, cpu: 0);
        f.UnmapInTurn(dev, b, 4096, cpu: 1);
        f.Sim.Run(SimTime.FromMilliseconds(999));
        Assert.Equal(2, queue.Entries);
        Assert.Empty(f.Invalidator.Calls);
        f.Sim.Run();
        Assert.Equal(SimTime.FromMilliseconds(1000), f.Invalidator.Calls.Single().At);
        Assert.Equal(0, queue.Entries);
        Assert.Equal(SimTime.FromMilliseconds(1000) + SimTime.FromMicroseconds(1), f.Api.MaxStaleWindow);
    }

    [Fact]
    public void Lazy_unmaps_leave_a_stale_window_until_the_flush_and_free_the_iova_only_then()
    {
        var (f, dev, _) = Lazy(costs: RoundCosts);
        ulong dma = 0;
        SimTime returned = SimTime.MaxValue;
        // CPU 0 maps 0-500 ns, then unmaps the buffer.
        f.MapInTurn(dev, 0x1_0000_0000, 4096, 0, DmaDataDirection.FromDevice, (d, _) =>
        {
            dma = d;
            f.UnmapInTurn(dev, d, 4096, returned: t => returned = t);
        });
        f.Sim.Run(SimTime.FromMilliseconds(5));
        // Unmap work 500-1000 ns, no invalidation to wait for: it returns at 1 us, the IOVA still allocated.
        Assert.Equal(SimTime.FromMicroseconds(1), returned);
        Assert.Equal(0, f.Api.AllocatorOf(dev.Domain!)!.CachedRanges);
        Assert.False(dev.Domain!.PageTable!.TryTranslate(dma, out _));   // the page table is already clear
        f.Sim.Run();
        // Timer armed at 1 us fires at 10.001 ms; the flush ends at 10.002 ms: window 10.002 ms - 1 us.
        Assert.Equal(1, f.Api.StaleWindow.Count);
        Assert.Equal(SimTime.FromMicroseconds(10_001), f.Api.MaxStaleWindow);
        Assert.Equal(1, f.Api.AllocatorOf(dev.Domain!)!.CachedRanges);
    }

    [Fact]
    public void Strict_unmaps_return_after_the_range_invalidation_with_a_zero_stale_window()
    {
        var f = new DmaFixture(HostMode.Strict);
        var dev = f.Device(DomainType.DmaStrict, Mask32);
        ulong dma = 0;
        SimTime returned = SimTime.MaxValue;
        // 2 pages; CPU 0 maps 0-500 ns, then unmaps.
        f.MapInTurn(dev, 0x1_0000_0000, 6000, 0, DmaDataDirection.FromDevice, (d, _) =>
        {
            dma = d;
            f.UnmapInTurn(dev, d, 6000, returned: t => returned = t);
        });
        f.Sim.Run();
        // Unmap work 500-1000 ns, then the invalidation of [iova, iova + 8 KiB) issued at 1 us, done at 2 us.
        Assert.Equal(("range", dma, 0x2000UL, SimTime.FromMicroseconds(1)), f.Invalidator.Calls.Single());
        Assert.Equal(SimTime.FromMicroseconds(2), returned);
        Assert.Equal((1L, 0L), (f.Api.StaleWindow.Count, f.Api.StaleWindow.Max));
        Assert.Equal(SimTime.Zero, f.Api.MaxStaleWindow);
        Assert.Equal(1, f.Api.StrictInvalidations);
        Assert.Equal(1, f.Api.AllocatorOf(dev.Domain!)!.CachedRanges);
        Assert.Equal((dma, 0x2000UL, 0x2000UL), Assert.Single(f.Observer.Unmaps));
        Assert.Equal((dev.Name, 0), f.Observer.Callers[^1]);
        Assert.Throws<ArgumentException>(() => f.OnCpu(0, () => { f.Api.UnmapSingle(dev, 0, dma, 6000, DmaDataDirection.FromDevice); return 0; }));
        // CPU 0 was busy all along: map 500 ns + unmap 500 ns + spinning 1000 ns over 2 us.
        Assert.Equal(1.0, f.Cpus[0].Utilisation);
        Assert.Equal((SimTime.FromNanoseconds(500), SimTime.FromNanoseconds(500), SimTime.FromMicroseconds(1)),
            (f.Cpus[0].WorkTime(CpuWork.Map), f.Cpus[0].WorkTime(CpuWork.Unmap), f.Cpus[0].WorkTime(CpuWork.InvalidationWait)));
        // A 2-page unmap frees no page-table page: the flush may keep the walk caches (IH = 1).
        Assert.True(Assert.Single(f.Invalidator.LeafOnly));
    }

    [Theory]
    [InlineData(0x1_0000_1000UL, false)]   // not 2 MiB aligned: 512 leaves of 4 KiB in one table, which the unmap frees
    [InlineData(0x1_0020_0000UL, true)]    // 2 MiB aligned: one 2 MiB leaf, no table to free
    [InlineData(0x1_0020_0000UL, false, false)]  // a kernel that never sends the hint (before commit 6b38a108eeb3)
    public void A_strict_unmap_asks_for_a_leaf_only_flush_unless_it_frees_a_page_table_page(ulong paddr, bool leafOnly, bool hintOn = true)
    {
        var f = new DmaFixture(HostMode.Strict, new DmaApiParams { Costs = RoundCosts, LeafOnlyFlush = hintOn });
        var dev = f.Device(DomainType.DmaStrict, Mask32);
        ulong size = 2UL << 20;
        ulong dma = f.Map(dev, paddr, size);
        Assert.Equal(0UL, dma & (size - 1));                         // a 512-page IOVA range is 2 MiB aligned
        f.UnmapInTurn(dev, dma, size);
        f.Sim.Run();
        Assert.Equal(leafOnly, Assert.Single(f.Invalidator.LeafOnly));
        Assert.Equal(leafOnly ? 1 : 0, f.Api.LeafOnlyInvalidations);
    }

    [Fact]
    public void Flushes_must_complete_in_submission_order()
    {
        var sim = new Simulation();
        var reverse = new ReverseOrderInvalidator();
        var cpus = new HostCpus(sim, 2);
        var api = new DmaApi(sim, HostMode.Lazy, new DmaApiParams { Costs = Free }, cpus, reverse);
        var domain = new Domain(1, DomainType.DmaLazy, PageTableFormat.FourLevel, new TablePageAllocator(0x40_0000_0000, IommuSim.Units.ByteSize.FromMiB(1)));
        var dev = api.AttachDevice("a", domain, Mask32);
        // The first unmap arms the timer on CPU 0; the second, after flush 1 started, arms it on CPU 1.
        void OnCpu(int cpu, Action call) { Assert.True(cpus[cpu].TryAcquire()); call(); cpus[cpu].Release(); }
        ulong a = 0, b = 0;
        OnCpu(0, () => Assert.True(api.TryMapSingle(dev, 0, 0x1000, 4096, DmaDataDirection.ToDevice, out a, out _)));
        OnCpu(0, () => Assert.True(api.TryMapSingle(dev, 0, 0x2000, 4096, DmaDataDirection.ToDevice, out b, out _)));
        cpus[0].Acquire(CpuContext.Task, (_, _) => api.UnmapSingle(dev, 0, a, 4096, DmaDataDirection.ToDevice, (_, _) => cpus[0].Release()), null, 0);
        sim.Run(SimTime.FromMilliseconds(11));                       // timer flush 1 issued on CPU 0, held
        cpus[1].Acquire(CpuContext.Task, (_, _) => api.UnmapSingle(dev, 1, b, 4096, DmaDataDirection.ToDevice, (_, _) => cpus[1].Release()), null, 0);
        sim.Run(SimTime.FromMilliseconds(22));                       // timer flush 2 issued on CPU 1, held
        var ex = Assert.Throws<InvalidOperationException>(reverse.CompleteAllReversed);
        Assert.Contains("submission order", ex.Message);
    }

    private sealed class ReverseOrderInvalidator : IIotlbInvalidator
    {
        private readonly List<(Action<object?, long> Done, object? State, long Token)> _held = new();
        public void InvalidateRange(Domain d, ulong iova, ulong size, bool leafOnly, Action<object?, long> done, object? state, long token) => _held.Add((done, state, token));
        public void InvalidateDomain(Domain d, Action<object?, long> done, object? state, long token) => _held.Add((done, state, token));
        public void CompleteAllReversed()
        {
            for (int i = _held.Count - 1; i >= 0; i--) _held[i].Done(_held[i].State, _held[i].Token);
        }
    }
}
