using IommuSim.Iommu;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>
/// Two misses to one 4 KiB page issued together, with one walker and no walk caches (a walk is 4 reads =
/// 360 ns). The context cache is warmed first, so both reach the walkers after the 3 ns lookup.
/// </summary>
public class WalkSharingTests
{
    private const ushort Rid = 0x100;

    private static TranslationRig Build(bool share)
    {
        var rig = new TranslationRig(NoWalkCaches() with { Walkers = new WalkerParams { Count = 1, ShareWalks = share } });
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(2 * MiB, 6 * MiB, 2 * MiB, Permissions.ReadWrite);
        d.Map(0x100_0000, 0x100_0000, 8 * KiB, Permissions.ReadWrite);
        rig.Translate(Rid, 2 * MiB);   // context cache warm; the 2 MiB IOTLB entry is only used by the last test
        rig.Delivered.Clear();
        return rig;
    }

    [Fact]
    public void Concurrent_misses_to_one_page_share_a_walk()
    {
        var rig = Build(share: true);
        var t0 = rig.Sim.Now;
        Assert.False(rig.Start(Rid, 0x100_0010, token: 1));
        Assert.False(rig.Start(Rid, 0x100_0020, AccessKind.Write, token: 2));
        rig.Sim.Run();

        Assert.Equal(2, rig.Delivered.Count);
        var (first, second) = (rig.Delivered[0], rig.Delivered[1]);
        Assert.Equal((1L, TranslationSource.PageWalk, 4), (first.Token, first.Translation.Source, first.Translation.WalkReads));
        Assert.Equal((2L, TranslationSource.SharedWalk, 0), (second.Token, second.Translation.Source, second.Translation.WalkReads));
        Assert.Equal(0x100_0020UL, second.Translation.PhysicalAddress);
        // Both: lookup 3, no wait, walk 360; done together at +363.
        Assert.All(rig.Delivered, d => Assert.Equal(new TranslationLatency(Lookup, Ns(0), Ns(0), Read * 4), d.Translation.Latency));
        Assert.All(rig.Delivered, d => Assert.Equal(t0 + Ns(363), d.At));
        Assert.Equal((2L, 1L), (rig.Unit.Walkers.Walks, rig.Unit.Walkers.SharedWalks));   // the warm-up walk and this one
    }

    [Fact]
    public void Without_sharing_each_miss_walks_and_the_second_waits_for_the_walker()
    {
        var rig = Build(share: false);
        var t0 = rig.Sim.Now;
        rig.Start(Rid, 0x100_0010, token: 1);
        rig.Start(Rid, 0x100_0020, token: 2);
        rig.Sim.Run();

        var (first, second) = (rig.Delivered[0].Translation, rig.Delivered[1].Translation);
        Assert.Equal(new TranslationLatency(Lookup, Ns(0), Ns(0), Read * 4), first.Latency);
        Assert.Equal(new TranslationLatency(Lookup, Ns(0), Read * 4, Read * 4), second.Latency);
        Assert.Equal((TranslationSource.PageWalk, 4), (second.Source, second.WalkReads));
        Assert.Equal(t0 + Ns(723), rig.Delivered[1].At);
        Assert.Equal((3L, 0L), (rig.Unit.Walkers.Walks, rig.Unit.Walkers.SharedWalks));
    }

    [Fact]
    public void A_miss_joining_a_walk_that_waits_for_a_walker_waits_with_it()
    {
        var rig = Build(share: true);
        var t0 = rig.Sim.Now;
        rig.Start(Rid, 0x100_0010, token: 1);   // takes the walker: +3 .. +363
        rig.Start(Rid, 0x100_1010, token: 2);   // another page: queued, walks +363 .. +723
        rig.Start(Rid, 0x100_1020, token: 3);   // joins token 2's walk while it waits
        rig.Sim.Run();

        var third = rig.Delivered.Single(d => d.Token == 3);
        Assert.Equal(TranslationSource.SharedWalk, third.Translation.Source);
        Assert.Equal(new TranslationLatency(Lookup, Ns(0), Ns(360), Read * 4), third.Translation.Latency);
        Assert.Equal(t0 + Ns(723), third.At);
    }

    [Fact]
    public void Misses_to_different_4KiB_pages_of_one_large_page_walk_separately()
    {
        var rig = Build(share: true);
        Assert.True(rig.Start(Rid, 2 * MiB + 0x1000, token: 1));   // the warm-up cached the 2 MiB page
        rig.Delivered.Clear();
        rig.InvalidateAndWait(InvalidationDescriptor.IotlbDomain(1));
        // Two 4 KiB pages of the same 2 MiB leaf: the walk key is the 4 KiB page, so two walks.
        rig.Start(Rid, 2 * MiB + 0x1000, token: 1);
        rig.Start(Rid, 2 * MiB + 0x2000, token: 2);
        rig.Sim.Run();
        Assert.Equal(0, rig.Unit.Walkers.SharedWalks);
        Assert.All(rig.Delivered, d => Assert.Equal(TranslationSource.PageWalk, d.Translation.Source));
    }
}
