using IommuSim.Iommu;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>
/// How many memory reads a walk makes, by hand: one per table from the top down to the leaf, less the tables
/// a walk-cache hit skips. Every read costs 90 ns (LLC hit rate 0).
/// </summary>
public class WalkReadCountTests
{
    private const ushort Rid = 0x100;

    // Leaves sit at level 1 (4 KiB), 2 (2 MiB) or 3 (1 GiB); a walk reads levels top..leaf: top − leaf + 1 tables.
    [Theory]
    [InlineData(48, 4 * KiB, 4)]
    [InlineData(48, 2 * MiB, 3)]
    [InlineData(48, 1 * GiB, 2)]
    [InlineData(57, 4 * KiB, 5)]
    [InlineData(57, 2 * MiB, 4)]
    [InlineData(57, 1 * GiB, 3)]
    public void Without_walk_caches_a_walk_reads_one_entry_per_level_down_to_the_leaf(int width, ulong page, int reads)
    {
        var rig = new TranslationRig(NoWalkCaches() with { AddressWidth = width });
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(4 * GiB, 8 * GiB, page, Permissions.Read);   // both 1 GiB aligned, so the page is one leaf

        var t = rig.Translate(Rid, 4 * GiB + 0x10);

        Assert.True(t.Succeeded);
        Assert.Equal(8 * GiB + 0x10, t.PhysicalAddress);
        Assert.Equal(TranslationSource.PageWalk, t.Source);
        Assert.Equal(reads, t.WalkReads);
        // lookup 3 ns, context fetch 2 reads = 180 ns, no walker wait, the walk's reads at 90 ns each.
        Assert.Equal(new TranslationLatency(Lookup, Ns(180), Ns(0), Read * reads), t.Latency);
        Assert.Equal(Ns(3 + 180 + 90 * reads), rig.Delivered[^1].At);
        Assert.Equal(reads, rig.Unit.Walkers.WalkReads);
    }

    // Walk caches of levels 4, 3 and 2 (defaults: 4, 28 and 348 entries). After the first walk has cached the
    // entries on its path, a later walk starts below the lowest level whose entry it shares:
    //   same 2 MiB region   -> level-2 hit: read the level-1 table only          = 1
    //   same 1 GiB region   -> level-3 hit: read the level-2 and level-1 tables  = 2
    //   same 512 GiB region -> level-4 hit: level-3, -2, -1 tables               = 3
    //   another 512 GiB     -> no hit                                            = 4
    [Theory]
    [InlineData(true, new[] { 4, 1, 2, 3, 4 })]
    [InlineData(false, new[] { 4, 4, 4, 4, 4 })]
    public void Walk_caches_skip_the_levels_a_previous_walk_read(bool walkCaches, int[] reads)
    {
        var rig = new TranslationRig(walkCaches ? AllWalkCaches() : NoWalkCaches());
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        ulong[] iovas = [1 * GiB, 1 * GiB + 4 * KiB, 1 * GiB + 2 * MiB, 2 * GiB, 512 * GiB];
        foreach (ulong iova in iovas) d.Map(iova, iova, 4 * KiB, Permissions.Read);

        var measured = iovas.Select(iova => rig.Translate(Rid, iova).WalkReads).ToArray();

        Assert.Equal(reads, measured);
        Assert.Equal(reads.Sum(), rig.Unit.Walkers.WalkReads);
        Assert.Equal(5, rig.Unit.Walkers.Walks);
        if (walkCaches)
        {
            // Probes stop at the first hit, lowest level first. Level 2: probed by all 5 walks, hit by the second.
            // Level 3: probed by the 4 that missed level 2 (1st, 3rd, 4th, 5th), hit by the third. Level 4: probed
            // by the 1st, 4th and 5th, hit by the fourth.
            Assert.Equal((1L, 4L), (rig.Unit.WalkCaches[2]!.Hits, rig.Unit.WalkCaches[2]!.Misses));
            Assert.Equal((1L, 3L), (rig.Unit.WalkCaches[3]!.Hits, rig.Unit.WalkCaches[3]!.Misses));
            Assert.Equal((1L, 2L), (rig.Unit.WalkCaches[4]!.Hits, rig.Unit.WalkCaches[4]!.Misses));
        }
    }

    [Fact]
    public void A_walk_cache_entry_that_no_longer_matches_the_tables_is_dropped_and_the_tables_answer()
    {
        var rig = new TranslationRig(AllWalkCaches());
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(1 * GiB, 3 * GiB, 4 * KiB, Permissions.Read);
        Assert.Equal(4, rig.Translate(Rid, 1 * GiB).WalkReads);

        // Unmapping frees the level-1, -2 and -3 tables; the 2 MiB map takes the level-3 and level-2 table pages
        // back (the allocator reuses freed pages last-in first-out), but the level-2 entry is now a leaf, so the
        // cached level-2 entry (pointing at the freed level-1 table) is stale. No invalidation is issued.
        d.Unmap(1 * GiB, 4 * KiB);
        d.Map(1 * GiB, 4 * GiB, 2 * MiB, Permissions.Read);
        // An IOVA the stale 4 KiB IOTLB entry does not cover: the walk drops the level-2 entry, hits level 3 and
        // reads the one remaining entry, the 2 MiB leaf.
        var t = rig.Translate(Rid, 1 * GiB + 0x5000);

        Assert.Equal(4 * GiB + 0x5000, t.PhysicalAddress);
        Assert.Equal(PageSize.Size2MiB, t.Leaf.PageSize);
        Assert.Equal(1, t.WalkReads);
        Assert.Equal(1, rig.Unit.WalkCaches[2]!.StaleDrops);
    }
}
