using IommuSim.Host;
using IommuSim.Kernel;

namespace IommuSim.Tests.Host;

public class IovaAllocatorTests
{
    private const ulong Limit32 = 0xFFFFF;             // DMA_BIT_MASK(32) >> 12
    private const ulong Limit48 = (1UL << 36) - 1;     // 48-bit aperture >> 12

    private static IovaAllocator NewAllocator(int cpus = 2) => new(new Simulation(), cpus);

    private static ulong Alloc(IovaAllocator a, ulong pages, ulong limit, int cpu = 0)
    {
        Assert.True(a.TryAllocate(cpu, pages, limit, flushCachesOnFailure: true, out var pfn));
        return pfn;
    }

    [Fact]
    public void First_allocations_go_top_down_from_the_limit()
    {
        var a = NewAllocator();
        // The highest page below 4 GiB: pfn 0xFFFFF, IOVA 0xFFFFF000.
        Assert.Equal(0xFFFFFUL, Alloc(a, 1, Limit32));
        // Next, 4 pages below it, 4-page aligned: (0xFFFFF - 4) & ~3 = 0xFFFFB & ~3 = 0xFFFF8.
        Assert.Equal(0xFFFF8UL, Alloc(a, 4, Limit32));
        // 3 pages round up to 4: (0xFFFF8 - 4) & ~3 = 0xFFFF4.
        Assert.Equal(0xFFFF4UL, Alloc(a, 3, Limit32));
        Assert.Equal(3, a.TreeRanges);
    }

    [Fact]
    public void A_48_bit_limit_allocates_at_the_top_of_the_48_bit_space_and_32_bit_requests_stay_below_4GiB()
    {
        var a = NewAllocator();
        ulong high = Alloc(a, 1, Limit48);
        Assert.Equal(Limit48, high);                                 // IOVA 0xFFFF_FFFF_F000
        Assert.True((high << IovaAllocator.PageShift) < 1UL << 48);
        // 32-bit requests have their own cached node: still the top page below 4 GiB.
        ulong low = Alloc(a, 1, Limit32);
        Assert.Equal(0xFFFFFUL, low);
        Assert.True(((low + 1) << IovaAllocator.PageShift) <= 1UL << 32);
        // And the 48-bit search continues below its own last range.
        Assert.Equal(Limit48 - 1, Alloc(a, 1, Limit48));
    }

    [Fact]
    public void Ranges_are_aligned_to_their_size_rounded_up_to_a_power_of_two()
    {
        var a = NewAllocator();
        Alloc(a, 1, Limit32);                                        // 0xFFFFF
        // 8 pages: (0xFFFFF - 8) & ~7 = 0xFFFF7 & ~7 = 0xFFFF0.
        Assert.Equal(0xFFFF0UL, Alloc(a, 8, Limit32));
        // 33 pages are not cacheable so not rounded, but still aligned to 64: (0xFFFF0 - 33) & ~63
        // = 0xFFFCF & ~0x3F = 0xFFFC0, range 0xFFFC0-0xFFFE0.
        ulong big = Alloc(a, 33, Limit32);
        Assert.Equal(0xFFFC0UL, big);
        Assert.Equal(0UL, big % 64);
        Assert.True(a.IsInUse(0xFFFE0));
        Assert.False(a.IsInUse(0xFFFE1));
    }

    [Fact]
    public void A_free_then_an_allocation_of_the_same_size_class_on_the_same_cpu_hits_the_magazine()
    {
        var a = NewAllocator();
        ulong first = Alloc(a, 2, Limit32, cpu: 0);
        a.Free(0, first, 2);
        Assert.Equal(1, a.TreeRanges);                               // a cached range stays in the tree
        Assert.Equal(1, a.CachedRanges);
        Assert.Equal(first, Alloc(a, 2, Limit32, cpu: 0));
        Assert.Equal((2L, 1L, 1L), (a.Allocations, a.RcacheHits, a.TreeAllocations));

        // Another CPU does not see CPU 0's magazine.
        a.Free(0, first, 2);
        ulong other = Alloc(a, 2, Limit32, cpu: 1);
        Assert.NotEqual(first, other);
        Assert.Equal((3L, 1L, 2L), (a.Allocations, a.RcacheHits, a.TreeAllocations));
    }

    [Fact]
    public void A_cached_range_above_the_limit_is_not_handed_out()
    {
        var a = NewAllocator();
        ulong high = Alloc(a, 1, Limit48);
        a.Free(0, high, 1);
        // The magazine holds a 48-bit pfn; a 32-bit request must not get it.
        Assert.Equal(0xFFFFFUL, Alloc(a, 1, Limit32));
        Assert.Equal(0, a.RcacheHits);
    }

    [Fact]
    public void Ranges_over_32_pages_bypass_the_magazines()
    {
        var a = NewAllocator();
        ulong r = Alloc(a, 64, Limit32);
        a.Free(0, r, 64);
        Assert.Equal(0, a.TreeRanges);
        Assert.Equal(0, a.CachedRanges);
        ulong r32 = Alloc(a, 32, Limit32);
        a.Free(0, r32, 32);
        Assert.Equal(1, a.CachedRanges);                             // 32 pages = 128 KiB is the largest cached size
    }

    [Fact]
    public void An_exhausted_space_fails_and_emptying_the_caches_recovers_cached_ranges()
    {
        var a = NewAllocator();
        // Limit pfn 16 and start pfn 1: exactly 16 single pages, handed out 16, 15, ..., 1.
        for (ulong expected = 16; expected >= 1; expected--)
            Assert.Equal(expected, Alloc(a, 1, 16));
        Assert.False(a.TryAllocate(0, 1, 16, flushCachesOnFailure: true, out var none));
        Assert.Equal(0UL, none);
        Assert.Equal(1, a.Failures);

        // Page 7 goes to CPU 0's magazine. CPU 1 misses its own (empty) magazines and the full tree;
        // without permission to flush it fails, with it the magazines are emptied and page 7 is found.
        a.Free(0, 7, 1);
        Assert.False(a.TryAllocate(1, 1, 16, flushCachesOnFailure: false, out _));
        Assert.True(a.TryAllocate(1, 1, 16, flushCachesOnFailure: true, out var recovered));
        Assert.Equal(7UL, recovered);
        // Failures: the 17th request and CPU 1's first try. Cache flushes: the 17th request (caches were
        // empty, so it still failed) and the recovering one.
        Assert.Equal((2L, 2L), (a.Failures, a.CacheFlushes));
    }

    [Fact]
    public void The_depot_keeps_full_magazines_and_is_trimmed_to_one_per_cpu_every_100ms()
    {
        var sim = new Simulation();
        var a = new IovaAllocator(sim, cpuCount: 1);
        var pfns = new ulong[508];
        for (int i = 0; i < pfns.Length; i++) pfns[i] = Alloc(a, 1, Limit48);
        // 508 = 4 x 127 frees: loaded and previous fill (254), then two full magazines go to the depot
        // (frees 255 and 382 each push one), and the loaded magazine fills again (382..508).
        foreach (var p in pfns) a.Free(0, p, 1);
        Assert.Equal(508, a.CachedRanges);

        // At 100 ms the depot (2 > 1 CPU) gives one magazine (127 ranges) back to the tree; at 200 ms
        // it holds 1, which is not more than the CPU count, and trimming stops.
        sim.Run(SimTime.FromMilliseconds(99));
        Assert.Equal(508, a.TreeRanges);
        sim.Run();
        Assert.Equal(SimTime.FromMilliseconds(200), sim.Now);
        Assert.Equal(508 - 127, a.TreeRanges);
        Assert.Equal(508 - 127, a.CachedRanges);
    }

    [Fact]
    public void A_free_above_the_cached_node_is_reused_by_the_next_search()
    {
        var a = NewAllocator();
        ulong top = Alloc(a, 64, Limit32);                           // 0xFFFC0
        ulong next = Alloc(a, 64, Limit32);                          // 0xFFF80
        Assert.Equal((0xFFFC0UL, 0xFFF80UL), (top, next));
        a.Free(0, top, 64);                                          // not cached (> 32 pages)
        // The cached node moved above the freed range, so the hole at the top is found first.
        Assert.Equal(0xFFFC0UL, Alloc(a, 64, Limit32));
    }

    [Fact]
    public void Reserved_ranges_are_skipped_and_overlaps_refused()
    {
        var a = NewAllocator();
        a.Reserve(0xFFFF0, 0xFFFFF);
        Assert.Equal(0xFFFEFUL, Alloc(a, 1, Limit32));
        Assert.Throws<InvalidOperationException>(() => a.Reserve(0xFFFE0, 0xFFFF0));
        Assert.Throws<InvalidOperationException>(() => a.Free(0, 0xFFFEE, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.TryAllocate(2, 1, Limit32, true, out _));
    }
}
