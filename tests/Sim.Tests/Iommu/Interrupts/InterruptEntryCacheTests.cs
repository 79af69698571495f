using IommuSim.Iommu;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using static IommuSim.Tests.Iommu.Interrupts.InterruptFixture;

namespace IommuSim.Tests.Iommu.Interrupts;

public class InterruptEntryCacheTests
{
    // A 4-entry, 2-way LRU cache: index i lives in set i % 2.
    private static readonly InterruptRemappingParams TwoByTwo = new()
    {
        TableEntries = 16, CacheEntries = 4, CacheWays = 2, CacheReplacement = ReplacementPolicy.Lru,
    };

    [Fact]
    public void Hit_and_miss_sequence_by_hand_with_the_fetch_paid_on_misses_only()
    {
        var f = new InterruptFixture(remapping: TwoByTwo);
        var unit = f.Unit;
        for (int i = 0; i < 8; i++) unit.Table.Allocate(1);
        for (int i = 0; i < 8; i++) unit.Table.Write(i, Irte.Remapped(0, (byte)(0x40 + i), sourceId: null));

        // Even indexes share set 0, least recently used first:
        //  0: miss [0]; 2: miss [0 2]; 0: hit [2 0]; 4: miss, evicts 2 [0 4]; 2: miss, evicts 0 [4 2]
        //  1: miss, set 1 [1]; 4: hit [2 4]; 0: miss, evicts 2 [4 0]
        // So 2 hits, 6 misses (each one 90 ns DRAM read) and 3 evictions (of 2, 0, 2).
        int[] order = [0, 2, 0, 4, 2, 1, 4, 0];
        var seen = new List<string>();
        foreach (int index in order)
        {
            var entry = unit.Read(index, out var lookup, out var fetch);
            Assert.Equal((byte)(0x40 + index), entry.Vector);
            Assert.Equal(Ns(3), lookup);
            seen.Add(fetch == SimTime.Zero ? "H" : fetch == Ns(90) ? "M" : $"? {fetch}");
        }
        Assert.Equal("M M H M M M H M", string.Join(" ", seen));
        Assert.Equal((2L, 6L, 6L), (unit.EntryCache.Hits, unit.EntryCache.Misses, unit.EntryFetches));
        Assert.Equal(3, unit.EntryCache.Cache.Evictions);
    }

    [Fact]
    public void Index_invalidation_removes_the_aligned_block_holding_the_index_and_no_more()
    {
        var cache = new InterruptEntryCache(new CacheParams(8, 8, ReplacementPolicy.Lru), 1);
        for (int i = 0; i < 6; i++) cache.Insert(i, Irte.Remapped(0, 0x30, null));

        // Index 3 with mask 1 names the block [2, 4): entries 2 and 3 go; 0, 1, 4, 5 stay.
        Assert.Equal(2, cache.InvalidateIndex(3, 1));
        var hits = Enumerable.Range(0, 6).Select(i => cache.TryLookup(i, out _)).ToArray();
        Assert.Equal([true, true, false, false, true, true], hits);

        // Mask 4 names [0, 16), more entries than the cache has: the sweep path takes the other four.
        Assert.Equal(4, cache.InvalidateIndex(5, 4));
        Assert.Equal(0, cache.Cache.Occupancy);
    }

    [Fact]
    public void A_changed_entry_is_served_stale_from_the_cache_until_its_invalidation_completes()
    {
        var f = new InterruptFixture(withQueues: true);
        ushort nic = Rid(2);
        f.Remapper.AddDevice(nic, f.Unit, vectors: 2);
        f.Sim.Run(); // the setup's own invalidations (one per written entry, as Linux's modify_irte) complete

        Assert.Equal(Ns(90), f.Remapper.Deliver(nic, 0).Latency.EntryFetch); // miss
        Assert.Equal(SimTime.Zero, f.Remapper.Deliver(nic, 0).Latency.EntryFetch); // hit

        // KVM makes vector 0 posted; the index invalidation takes 90 ns in the queue (InvalidationParams).
        var start = f.Sim.Now;
        int index = f.Remapper.PostToVcpu(nic, 0, guestVector: 0x51, descriptorAddress: 0x1_2345_6740);
        var stale = f.Remapper.Deliver(nic, 0);
        Assert.Equal(InterruptPath.Remapped, stale.Path);
        Assert.Equal(SimTime.Zero, stale.Latency.EntryFetch);

        f.Sim.Run();
        Assert.Equal(start + Ns(90), f.Sim.Now);
        var fresh = f.Remapper.Deliver(nic, 0);
        Assert.Equal((InterruptPath.Posted, index), (fresh.Path, fresh.Index));
        Assert.Equal(Ns(90), fresh.Latency.EntryFetch);

        // Vector 1 was not touched: still cached after the index-selective invalidation of vector 0.
        Assert.Equal(Ns(90), f.Remapper.Deliver(nic, 1).Latency.EntryFetch);
        Assert.Equal(SimTime.Zero, f.Remapper.Deliver(nic, 1).Latency.EntryFetch);
    }

    [Fact]
    public void A_global_invalidation_empties_the_cache_when_it_completes()
    {
        var f = new InterruptFixture(withQueues: true);
        ushort nic = Rid(2);
        f.Remapper.AddDevice(nic, f.Unit, vectors: 3);
        f.Sim.Run();
        for (int v = 0; v < 3; v++) f.Remapper.Deliver(nic, v);
        Assert.Equal(3, f.Unit.EntryCache.Cache.Occupancy);

        f.Unit.InvalidationQueue!.Submit(InvalidationDescriptor.InterruptEntryCacheGlobal());
        Assert.Equal(3, f.Unit.EntryCache.Cache.Occupancy); // in flight: nothing yet
        f.Sim.Run();
        Assert.Equal(0, f.Unit.EntryCache.Cache.Occupancy);
        Assert.Equal(Ns(90), f.Remapper.Deliver(nic, 2).Latency.EntryFetch);
        Assert.Equal(1, f.Unit.InvalidationQueue.CompletedOf(InvalidationKind.InterruptEntryCacheGlobal));
    }

    [Fact]
    public void Translation_descriptors_leave_the_interrupt_entry_cache_alone()
    {
        var f = new InterruptFixture();
        f.Remapper.AddDevice(Rid(2), f.Unit, vectors: 1);
        f.Remapper.Deliver(Rid(2), 0);
        f.Unit.Apply(InvalidationDescriptor.IotlbGlobal());
        f.Unit.Apply(InvalidationDescriptor.ContextGlobal());
        Assert.Equal(1, f.Unit.EntryCache.Cache.Occupancy);
    }
}
