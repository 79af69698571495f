using IommuSim.Iommu;
using IommuSim.Kernel;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>
/// Queued invalidation: descriptors run one at a time, in order (IOTLB and context 90 ns, device-TLB 690 ns,
/// wait 180 ns by default); each one's effect lands when it completes; a wait completes after all before it.
/// </summary>
public class InvalidationTests
{
    private const ushort Rid = 0x100;
    private const ulong A = 0x1000, B = 0x2000, PaA = 0xA000, PaB = 0xB000;

    private static (TranslationRig Rig, IommuDomain D) Build(IommuParams? parameters = null)
    {
        var rig = new TranslationRig(parameters);
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(A, PaA, 4 * KiB, Permissions.ReadWrite);
        d.Map(B, PaB, 4 * KiB, Permissions.ReadWrite);
        rig.Translate(Rid, A);
        rig.Translate(Rid, B);
        return (rig, d);
    }

    [Fact]
    public void Without_invalidation_an_unmapped_page_still_translates_from_the_IOTLB()
    {
        var (rig, d) = Build();
        Assert.Equal(4 * KiB, d.Unmap(A, 4 * KiB));

        // Real hardware does this too: the device can reach the freed page until the IOTLB is invalidated.
        var stale = rig.Translate(Rid, A + 8, AccessKind.Write);
        Assert.True(stale.Succeeded);
        Assert.Equal((PaA + 8, TranslationSource.Iotlb), (stale.PhysicalAddress, stale.Source));

        rig.InvalidateAndWait(InvalidationDescriptor.IotlbRange(1, A, 4 * KiB));
        Assert.Equal(IoFaultKind.NotPresent, rig.Translate(Rid, A + 8, AccessKind.Write).Fault);
        Assert.Equal(TranslationSource.Iotlb, rig.Translate(Rid, B).Source);   // outside the range: kept
    }

    [Fact]
    public void Descriptors_complete_in_order_and_the_wait_after_them()
    {
        var (rig, d) = Build();
        d.Unmap(A, 4 * KiB);
        rig.Delivered.Clear();
        var t0 = rig.Sim.Now;
        // Each probe starts a translation at its time; the token is that time in ns.
        void Probe(long atNs, ulong iova) => rig.Sim.Schedule(Ns(atNs), _ => rig.Start(Rid, iova, token: atNs), null);
        SimTime? waitDone = null;

        rig.Queue.Submit(InvalidationDescriptor.IotlbPage(1, A, 0));     // completes at +90
        rig.Queue.Submit(InvalidationDescriptor.ContextGlobal());         // completes at +180
        rig.Queue.Submit(InvalidationDescriptor.Wait(_ => waitDone = rig.Sim.Now));   // completes at +360
        Assert.Equal(3, rig.Queue.Pending);
        Probe(89, A);    // IOTLB invalidation still in progress: stale hit
        Probe(95, A);    // done: miss, walk, not present; context still cached
        Probe(150, B);   // B was not in the range: hit
        Probe(185, B);   // context cache emptied at +180: B costs a context fetch (then hits the IOTLB)
        rig.Sim.Run();

        Assert.Equal(t0 + Ns(360), waitDone);
        var seen = rig.Delivered.Where(d => d.Token > 0).OrderBy(d => d.Token)
            .Select(d => (d.Token, d.Translation.Source, d.Translation.Fault, d.Translation.Latency.ContextFetch)).ToList();
        Assert.Equal(
        [
            (89L, TranslationSource.Iotlb, IoFaultKind.None, Ns(0)),
            (95L, TranslationSource.PageWalk, IoFaultKind.NotPresent, Ns(0)),
            (150L, TranslationSource.Iotlb, IoFaultKind.None, Ns(0)),
            (185L, TranslationSource.Iotlb, IoFaultKind.None, Ns(180)),
        ], seen);
        Assert.Equal(0, rig.Queue.Pending);
        Assert.Equal(3, rig.Queue.Completed);
        Assert.Equal((1L, 1L, 1L), (rig.Queue.CompletedOf(InvalidationKind.IotlbPage),
            rig.Queue.CompletedOf(InvalidationKind.ContextGlobal), rig.Queue.CompletedOf(InvalidationKind.Wait)));
    }

    [Fact]
    public void Each_descriptor_kind_takes_its_latency()
    {
        var (rig, _) = Build(new IommuParams { Ats = new DeviceAtcParams { Enabled = true } });
        var t0 = rig.Sim.Now;
        // 90 (IOTLB) + 690 (device-TLB) + 90 (context) + 90 (interrupt entry cache) + 180 (wait) = 1140 ns.
        var done = rig.InvalidateAndWait(InvalidationDescriptor.IotlbDomain(1), InvalidationDescriptor.DeviceTlb(Rid, A, 0),
            InvalidationDescriptor.ContextDevice(Rid), InvalidationDescriptor.InterruptEntryCacheIndex(5, 0));
        Assert.Equal(t0 + Ns(1140), done);
    }

    [Fact]
    public void An_address_mask_covers_an_aligned_block_of_pages()
    {
        var (rig, d) = Build();
        d.Map(0x3000, 0xC000, 4 * KiB, Permissions.Read);
        rig.Translate(Rid, 0x3000);
        // Mask 1 from address 0x3000: the aligned 8 KiB block [0x2000, 0x4000) holds B and 0x3000, not A.
        var range = InvalidationDescriptor.IotlbPage(1, 0x3000, 1);
        Assert.Equal((0x2000UL, 0x2000UL), (range.RangeStart, range.RangeBytes));
        rig.InvalidateAndWait(range);

        Assert.Equal(TranslationSource.Iotlb, rig.Translate(Rid, A).Source);
        Assert.Equal(TranslationSource.PageWalk, rig.Translate(Rid, B).Source);
        Assert.Equal(TranslationSource.PageWalk, rig.Translate(Rid, 0x3000).Source);
    }

    [Theory]
    [InlineData(0x1000UL, 0x1000UL, 0)]     // one page
    [InlineData(0x1000UL, 0x2000UL, 2)]     // [0x1000, 0x3000) straddles the 8 KiB boundary at 0x2000: needs the 16 KiB block
    [InlineData(0x2000UL, 0x2000UL, 1)]     // [0x2000, 0x4000): exactly one 8 KiB block
    [InlineData(0x1FF000UL, 0x2000UL, 10)]  // crosses 2 MiB: the 4 MiB block at 0
    public void A_range_is_covered_by_the_smallest_aligned_block(ulong iova, ulong size, int mask) =>
        Assert.Equal(mask, InvalidationDescriptor.CoveringMask(iova, size));

    [Fact]
    public void A_large_page_partly_in_the_range_is_invalidated_whole()
    {
        var rig = new TranslationRig();
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(2 * MiB, 6 * MiB, 2 * MiB, Permissions.Read);
        rig.Translate(Rid, 2 * MiB);
        rig.InvalidateAndWait(InvalidationDescriptor.IotlbPage(1, 3 * MiB, 0));   // one 4 KiB page inside it
        Assert.Equal(TranslationSource.PageWalk, rig.Translate(Rid, 2 * MiB + 8).Source);
    }

    [Fact]
    public void Leaf_only_page_invalidation_keeps_the_walk_caches()
    {
        var (rig, d) = Build(AllWalkCaches());
        int cached = rig.Unit.WalkCaches[2]!.Cache.Occupancy;
        Assert.Equal(1, cached);
        rig.InvalidateAndWait(InvalidationDescriptor.IotlbPage(1, A, 0, leafOnly: true));
        Assert.Equal(1, rig.Unit.WalkCaches[2]!.Cache.Occupancy);
        // The next miss in the same 2 MiB starts below the cached level-2 entry: one read.
        Assert.Equal(Lookup + Read, rig.Translate(Rid, A).Latency.Total);
        rig.InvalidateAndWait(InvalidationDescriptor.IotlbPage(1, A, 0));
        Assert.Equal(0, rig.Unit.WalkCaches[2]!.Cache.Occupancy);
    }

    [Fact]
    public void Hardware_that_ignores_the_leaf_hint_drops_the_walk_caches_anyway()
    {
        var p = AllWalkCaches() with { Invalidation = new InvalidationParams { LeafHintKeepsWalkCaches = false } };
        var (rig, _) = Build(p);
        Assert.Equal(1, rig.Unit.WalkCaches[2]!.Cache.Occupancy);
        rig.InvalidateAndWait(InvalidationDescriptor.IotlbPage(1, A, 0, leafOnly: true));
        Assert.Equal(0, rig.Unit.WalkCaches[2]!.Cache.Occupancy);
        // Every level is read again: four reads.
        Assert.Equal(Lookup + Read * 4, rig.Translate(Rid, A).Latency.Total);
    }

    [Fact]
    public void Domain_selective_and_global_invalidation()
    {
        var (rig, _) = Build(AllWalkCaches());
        var other = rig.NewDomain(2);
        other.Map(A, 0xF000, 4 * KiB, Permissions.Read);
        rig.Unit.Attach(0x200, other.Domain);
        rig.Translate(0x200, A);
        Assert.Equal(3, rig.Unit.Iotlb.Occupancy);

        rig.InvalidateAndWait(InvalidationDescriptor.IotlbDomain(1));
        Assert.Equal(1, rig.Unit.Iotlb.Occupancy);
        Assert.Equal(TranslationSource.Iotlb, rig.Translate(0x200, A).Source);
        Assert.Equal(TranslationSource.PageWalk, rig.Translate(Rid, A).Source);

        rig.InvalidateAndWait(InvalidationDescriptor.IotlbGlobal());
        Assert.Equal(0, rig.Unit.Iotlb.Occupancy);
        Assert.Equal(0, rig.Unit.WalkCaches[2]!.Cache.Occupancy);
    }

    [Fact]
    public void Reattaching_takes_effect_only_after_a_context_invalidation()
    {
        var (rig, _) = Build();
        var second = rig.NewDomain(2);
        second.Map(A, 0xE000, 4 * KiB, Permissions.Read);

        rig.Unit.Attach(Rid, second.Domain);
        // The context cache still names domain 1, whose IOTLB entry answers.
        var before = rig.Translate(Rid, A);
        Assert.Equal((1, PaA), (before.DomainId, before.PhysicalAddress));

        rig.InvalidateAndWait(InvalidationDescriptor.ContextDevice(Rid));
        var after = rig.Translate(Rid, A);
        Assert.Equal((2, 0xE000UL), (after.DomainId, after.PhysicalAddress));
    }

    [Fact]
    public void Only_a_device_TLB_invalidation_empties_an_ATC()
    {
        var rig = new TranslationRig(new IommuParams { Ats = new DeviceAtcParams { Enabled = true } });
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(A, PaA, 4 * KiB, Permissions.ReadWrite);
        rig.Translate(Rid, A, ats: true);
        d.Unmap(A, 4 * KiB);

        rig.InvalidateAndWait(InvalidationDescriptor.IotlbRange(1, A, 4 * KiB));
        Assert.Equal((true, TranslationSource.DeviceAtc), (rig.Translate(Rid, A, ats: true) is var s && s.Succeeded, s.Source));

        rig.InvalidateAndWait(InvalidationDescriptor.DeviceTlbRange(Rid, A, 4 * KiB));
        Assert.Equal(IoFaultKind.NotPresent, rig.Translate(Rid, A, ats: true).Fault);
    }

    [Fact]
    public void A_walk_overtaken_by_an_invalidation_answers_its_requests_but_does_not_fill_the_IOTLB()
    {
        var rig = new TranslationRig(NoWalkCaches());
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(A, PaA, 4 * KiB, Permissions.ReadWrite);
        rig.Translate(Rid, B);   // warms the context cache (B is unmapped: a fault)

        Assert.False(rig.Start(Rid, A));   // walk from +3 ns to +363 ns
        rig.Sim.Schedule(Ns(100), _ =>
        {
            d.Unmap(A, 4 * KiB);
            rig.Queue.Submit(InvalidationDescriptor.IotlbRange(1, A, 4 * KiB));   // completes at +190, mid-walk
        }, null);
        rig.Sim.Run();

        Assert.True(rig.Delivered[^1].Translation.Succeeded);   // read the tables before the unmap
        Assert.Equal(0, rig.Unit.Iotlb.Occupancy);
        Assert.Equal(IoFaultKind.NotPresent, rig.Translate(Rid, A).Fault);
    }
}
