using IommuSim.Tests.Support;
using IommuSim.Iommu;

namespace IommuSim.Tests.Iommu.Caches;

public class SetAssociativeCacheTests
{
    // A 2-set, 2-way cache indexed by the tag itself: even tags go to set 0, odd tags to set 1.
    private static SetAssociativeCache<int> TwoByTwo(ReplacementPolicy policy) =>
        new(new CacheParams(4, 2, policy), seed: 1);

    // One access as a cache user makes it: look up, and on a miss insert. "H" hit, "M" miss into a free
    // way, "M-x" miss that evicted tag x.
    private static string Access(SetAssociativeCache<int> cache, ulong tag)
    {
        if (cache.TryLookup(tag, tag, out int value))
        {
            Assert.Equal((int)tag * 10, value);
            return "H";
        }
        return cache.Insert(tag, tag, (int)tag * 10, out ulong evicted) ? $"M-{evicted}" : "M";
    }

    private static string Run(SetAssociativeCache<int> cache, params ulong[] tags) =>
        string.Join(" ", tags.Select(t => Access(cache, t)));

    [Fact]
    public void Lru_sequence_by_hand()
    {
        var cache = TwoByTwo(ReplacementPolicy.Lru);
        // Set 0 (even), oldest use first:
        //  0: miss, fill            [0]
        //  2: miss, fill            [0 2]
        //  0: hit                   [2 0]
        //  4: miss, evict LRU 2     [0 4]
        //  2: miss, evict LRU 0     [4 2]
        // Set 1 (odd): 1 miss [1], 3 miss [1 3], 5 miss evict 1 [3 5]. Set 0 is untouched by them.
        //  4: hit                   [2 4]
        //  0: miss, evict LRU 2     [4 0]
        Assert.Equal("M M H M-2 M-0 M M M-1 H M-2", Run(cache, 0, 2, 0, 4, 2, 1, 3, 5, 4, 0));
        Assert.Equal((2L, 8L, 4L, 4), (cache.Hits, cache.Misses, cache.Evictions, cache.Occupancy));
    }

    [Fact]
    public void Fifo_sequence_by_hand()
    {
        var cache = TwoByTwo(ReplacementPolicy.Fifo);
        // Same accesses; set 0 listed oldest insertion first (hits do not reorder):
        //  0: miss [0]; 2: miss [0 2]; 0: hit [0 2]
        //  4: miss, evict first-in 0    [2 4]
        //  2: hit (LRU had evicted it)  [2 4]
        // Set 1: 1 miss, 3 miss, 5 miss evicting 1.
        //  4: hit
        //  0: miss, evict first-in 2    [4 0]
        Assert.Equal("M M H M-0 H M M M-1 H M-2", Run(cache, 0, 2, 0, 4, 2, 1, 3, 5, 4, 0));
        Assert.Equal((3L, 7L, 3L), (cache.Hits, cache.Misses, cache.Evictions));
    }

    [Fact]
    public void Round_robin_cycles_through_the_ways_on_evictions_only()
    {
        var rr = TwoByTwo(ReplacementPolicy.RoundRobin);
        var fifo = TwoByTwo(ReplacementPolicy.Fifo);
        // Set 0 ways: 0 -> way 0, 2 -> way 1; 4 evicts way 0 (pointer 0 -> 1) = tag 0.
        Assert.Equal("M M M-0", Run(rr, 0, 2, 4));
        Assert.Equal("M M M-0", Run(fifo, 0, 2, 4));
        // Invalidate 2 (way 1); 6 fills the free way 1 without moving the pointer (still 1).
        Assert.True(rr.Invalidate(2, 2));
        Assert.True(fifo.Invalidate(2, 2));
        // 8: round-robin evicts way 1 = tag 6 (pointer -> 0); FIFO evicts the older insertion, 4.
        // 10: round-robin evicts way 0 = tag 4.
        Assert.Equal("M M-6 M-4", Run(rr, 6, 8, 10));
        Assert.Equal("M M-4", Run(fifo, 6, 8));
    }

    [Fact]
    public void Insert_of_a_present_tag_refreshes_its_value_and_its_LRU_age()
    {
        var cache = TwoByTwo(ReplacementPolicy.Lru);
        cache.Insert(0, 0, 1);
        cache.Insert(2, 2, 2);
        // Re-inserting 0 replaces its value, evicts nothing, and makes 0 most recent, so 4 evicts 2.
        Assert.False(cache.Insert(0, 0, 99, out _));
        Assert.True(cache.Insert(4, 4, 4, out ulong evicted));
        Assert.Equal(2UL, evicted);
        Assert.True(cache.TryLookup(0, 0, out int value));
        Assert.Equal(99, value);
        Assert.Equal(2, cache.Occupancy);
    }

    [Fact]
    public void Tags_in_the_same_set_evict_each_other_and_other_sets_do_not()
    {
        // 4 sets of 1 way (direct mapped): set = indexSource % 4.
        var cache = new SetAssociativeCache<int>(new CacheParams(4, 1, ReplacementPolicy.Lru));
        Assert.Equal((1, 1, 2), (cache.SetOf(1), cache.SetOf(5), cache.SetOf(2)));
        Assert.False(cache.Insert(100, 1, 1));
        Assert.True(cache.Insert(200, 5, 2, out ulong evicted));   // 5 % 4 = 1: same set as 100
        Assert.Equal(100UL, evicted);
        Assert.False(cache.Insert(300, 2, 3));                      // set 2: no eviction
        Assert.False(cache.TryLookup(100, 1, out _));
        Assert.True(cache.TryLookup(200, 1, out _));                // any index source of set 1 finds it
        Assert.True(cache.TryLookup(300, 6, out _));                // 6 % 4 = 2
        Assert.False(cache.TryLookup(300, 3, out _));               // same tag, other set: not there
    }

    [Fact]
    public void The_same_tag_in_two_sets_is_two_entries()
    {
        var cache = TwoByTwo(ReplacementPolicy.Lru);
        cache.Insert(7, 0, 1);
        cache.Insert(7, 1, 2);
        Assert.Equal(2, cache.Occupancy);
        Assert.True(cache.TryLookup(7, 0, out int a));
        Assert.True(cache.TryLookup(7, 1, out int b));
        Assert.Equal((1, 2), (a, b));
    }

    [Fact]
    public void A_fully_associative_cache_ignores_the_index_source()
    {
        var cache = new SetAssociativeCache<int>(new CacheParams(4, 4, ReplacementPolicy.Lru));
        // Four tags with unrelated index sources all fit; then LRU over the whole cache.
        for (ulong t = 0; t < 4; t++) Assert.False(cache.Insert(t, t * 7919, (int)t));
        Assert.True(cache.TryLookup(0, 12345, out _));              // 0 becomes most recent; 1 is now LRU
        Assert.True(cache.Insert(4, 99, 4, out ulong evicted));
        Assert.Equal(1UL, evicted);
    }

    [Fact]
    public void Random_replacement_is_deterministic_per_seed_and_spreads_over_the_ways()
    {
        List<ulong> Evictions(ulong seed, out int[] perWay)
        {
            // One set of 4 ways; fill, then 4000 new tags each evicting one way.
            var cache = new SetAssociativeCache<int>(new CacheParams(4, 4, ReplacementPolicy.Random), seed);
            var ways = new ulong[4];   // which tag each way holds: fills go to ways 0..3 in order
            perWay = new int[4];
            var evicted = new List<ulong>();
            for (ulong t = 0; t < 4; t++) { cache.Insert(t, 0, 0); ways[t] = t; }
            for (ulong t = 4; t < 4004; t++)
            {
                Assert.True(cache.Insert(t, 0, 0, out ulong victim));
                int way = Array.IndexOf(ways, victim);
                Assert.True(way >= 0, $"evicted {victim}, which was not in the set");
                ways[way] = t;
                perWay[way]++;
                evicted.Add(victim);
            }
            return evicted;
        }

        var first = Evictions(42, out var perWay);
        Assert.Equal(first, Evictions(42, out _));
        Assert.NotEqual(first, Evictions(43, out _));
        // 4000 uniform draws over 4 ways: 1000 each, standard deviation sqrt(4000 * 1/4 * 3/4) ≈ 27;
        // ±150 is more than 5 deviations.
        Assert.All(perWay, n => Assert.InRange(n, 850, 1150));
    }

    [Fact]
    public void Random_replacement_requires_a_seed()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SetAssociativeCache<int>(new CacheParams(4, 2, ReplacementPolicy.Random)));
        Assert.Contains("needs a seed", ex.Message);
    }

    // Matches entries of one domain, kept in the top 16 bits of the tag (as an IOTLB might pack it).
    private readonly struct DomainIs(ulong domain) : ICacheEntryPredicate<int>
    {
        public bool Matches(ulong tag, in int value) => tag >> 48 == domain;
    }

    private static ulong Tag(ulong domain, ulong page) => domain << 48 | page;

    [Fact]
    public void Invalidation_removes_entries_and_counts_them()
    {
        var cache = new SetAssociativeCache<int>(new CacheParams(16, 4, ReplacementPolicy.Lru));
        for (ulong page = 0; page < 4; page++)
        {
            cache.Insert(Tag(1, page), page, 1);
            cache.Insert(Tag(2, page), page, 2);
        }
        Assert.Equal(8, cache.Occupancy);

        Assert.True(cache.Invalidate(Tag(1, 0), 0));
        Assert.False(cache.Invalidate(Tag(1, 0), 0));               // already gone
        Assert.False(cache.Invalidate(Tag(2, 0), 1));               // right tag, wrong set
        Assert.Equal((7, 1L), (cache.Occupancy, cache.Invalidations));

        Assert.Equal(3, cache.InvalidateWhere(new DomainIs(1)));   // pages 1..3 of domain 1
        Assert.Equal((4, 4L), (cache.Occupancy, cache.Invalidations));
        Assert.False(cache.TryLookup(Tag(1, 2), 2, out _));
        Assert.True(cache.TryLookup(Tag(2, 2), 2, out _));

        Assert.Equal(1, cache.InvalidateWhere((tag, value) => (tag & 0xFFFF) == 3 && value == 2));
        Assert.Equal(3, cache.InvalidateAll());
        Assert.Equal((0, 8L), (cache.Occupancy, cache.Invalidations));
        Assert.False(cache.TryLookup(Tag(2, 0), 0, out _));
        // Invalidation does not count as eviction.
        Assert.Equal(0L, cache.Evictions);
    }

    [Fact]
    public void Invalidated_ways_are_refilled_before_anything_is_evicted()
    {
        var cache = TwoByTwo(ReplacementPolicy.Lru);
        Run(cache, 0, 2);
        cache.Invalidate(0, 0);
        Assert.Equal("M", Access(cache, 4));                       // takes the freed way
        Assert.Equal("M-2", Access(cache, 6));                     // now full: LRU 2 goes
    }

    [Fact]
    public void ResetCounters_zeroes_the_counts_and_keeps_the_contents()
    {
        var cache = TwoByTwo(ReplacementPolicy.Lru);
        Run(cache, 0, 2, 4, 0);
        cache.Invalidate(4, 4);
        Assert.NotEqual(0L, cache.Misses);
        cache.ResetCounters();
        Assert.Equal((0L, 0L, 0L, 0L), (cache.Hits, cache.Misses, cache.Evictions, cache.Invalidations));
        Assert.Equal(1, cache.Occupancy);                           // 0 remains (2 was evicted, 4 invalidated)
        Assert.True(cache.TryLookup(0, 0, out _));
    }

    [Fact]
    public void Lookup_insert_and_struct_invalidation_do_not_allocate()
    {
        var cache = new SetAssociativeCache<int>(new CacheParams(64, 4, ReplacementPolicy.Random), seed: 7);
        var predicate = new DomainIs(3);
        // Warm up so that JIT work is done before measuring.
        cache.Insert(1, 1, 1);
        cache.TryLookup(1, 1, out _);
        cache.InvalidateWhere(predicate);
        Assert.Equal(0L, AllocationProbe.LeastBytes(() =>
        {
            for (ulong i = 0; i < 10_000; i++)
            {
                cache.Insert(Tag(i % 4, i), i, (int)i);
                cache.TryLookup(Tag(i % 4, i / 2), i / 2, out _);
                if (i % 1000 == 0) cache.InvalidateWhere(predicate);
            }
        }));
        Assert.True(cache.Evictions > 0);
    }
}
