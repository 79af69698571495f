using IommuSim.Iommu;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>
/// Two-stage translation: a guest (stage-1) table whose table addresses and outputs are guest-physical, over a
/// host (stage-2) table. Both are 4-level with 4 KiB leaves.
/// </summary>
public class NestedTranslationTests
{
    private const ushort Rid = 0x300;
    private const ulong TableRegion = 0x10_0000_0000;    // where the rig's allocator puts every table (as GPAs for the guest)
    private const ulong HostOfTables = 0x40_0000_0000;
    private const ulong GuestBuffer = 0x20_0000_0000;
    private const ulong HostBuffer = 0x30_0000_0000;

    private static (TranslationRig Rig, IommuDomain Guest) Build(IommuParams parameters)
    {
        var rig = new TranslationRig(parameters);
        // Stage 2 with 4 KiB leaves only, so each stage-2 walk reads all 4 levels.
        var host = rig.NewDomain(10, DomainType.Unmanaged, format: new PageTableFormat(4, PageSizes.Size4KiB));
        var guest = rig.NewDomain(11, DomainType.Nested, parent: host);
        guest.Map(0x1000, GuestBuffer, 8 * KiB, Permissions.ReadWrite);
        // The guest's tables are guest-physical pages of the table region: stage 2 maps the region's first
        // 64 pages (far more than the ~10 tables in use) and the guest's buffer.
        host.Map(TableRegion, HostOfTables, 64 * 4 * KiB, Permissions.ReadWrite);
        host.Map(GuestBuffer, HostBuffer, 8 * KiB, Permissions.ReadWrite);
        rig.Unit.Attach(Rid, guest.Domain);
        return (rig, guest);
    }

    [Fact]
    public void An_uncached_nested_walk_reads_24_entries()
    {
        var (rig, _) = Build(NoWalkCaches() with { Iotlb = new IotlbParams { Stage2Entries = 0 } });

        var t = rig.Translate(Rid, 0x1010, AccessKind.Write);

        // Each of the 4 guest tables: 4 stage-2 reads to find it, then 1 read of its entry = 20;
        // then the guest-physical output through stage 2: 4 more. 24 reads of 90 ns.
        Assert.True(t.Succeeded);
        Assert.Equal(24, t.WalkReads);
        Assert.Equal(Read * 24, t.Latency.Walk);
        Assert.Equal(HostBuffer + 0x10, t.PhysicalAddress);
        Assert.Equal(11, t.DomainId);
    }

    [Fact]
    public void Caches_of_both_stages_shorten_nested_walks()
    {
        var (rig, _) = Build(AllWalkCaches());

        var first = rig.Translate(Rid, 0x1010);
        var second = rig.Translate(Rid, 0x2010);

        // First walk, caches cold. Guest root: stage-2 walk 4 + entry 1 = 5. The guest's level-3, -2 and -1
        // tables lie in the same 2 MiB of guest-physical space, so each needs a stage-2 TLB miss that the stage-2
        // level-2 walk cache turns into 1 read, plus its entry: 3 × 2 = 6. The output page (128 GiB) shares only
        // the 512 GiB stage-2 entry with the tables (64 GiB): 3 reads. 5 + 6 + 3 = 14.
        Assert.Equal(14, first.WalkReads);
        // Second page: the guest level-2 walk cache gives the host address of the guest level-1 table (1 read,
        // no stage-2 step); its output page is a stage-2 TLB miss that the stage-2 level-2 cache turns into 1 read.
        Assert.Equal(2, second.WalkReads);
        Assert.Equal(HostBuffer + 0x1010, second.PhysicalAddress);
        // The combined translation is cached under the guest's domain id: a third access hits.
        Assert.Equal(TranslationSource.Iotlb, rig.Translate(Rid, 0x2020).Source);
    }

    [Fact]
    public void A_guest_table_stage_2_does_not_map_is_a_not_present_fault()
    {
        var rig = new TranslationRig(NoWalkCaches());
        var host = rig.NewDomain(10, DomainType.Unmanaged);
        var guest = rig.NewDomain(11, DomainType.Nested, parent: host);
        guest.Map(0x1000, GuestBuffer, 4 * KiB, Permissions.ReadWrite);
        rig.Unit.Attach(Rid, guest.Domain);

        var t = rig.Translate(Rid, 0x1000);

        // Stage 2 is empty: finding the guest root reads the host root table only, whose entry is absent.
        Assert.Equal(IoFaultKind.NotPresent, t.Fault);
        Assert.Equal(1, t.WalkReads);
    }

    [Fact]
    public void Rights_are_the_intersection_of_both_stages()
    {
        var (rig, guest) = Build(AllWalkCaches());
        guest.Map(0x10_0000, GuestBuffer + 0x10_0000, 4 * KiB, Permissions.ReadWrite);
        // Reuse the host domain through the guest's parent: map the new guest page read-only at stage 2.
        new IommuDomain(guest.Domain.Parent!, rig.Sim, rig.Trace).Map(GuestBuffer + 0x10_0000, HostBuffer + 0x10_0000, 4 * KiB, Permissions.Read);

        Assert.True(rig.Translate(Rid, 0x10_0000).Succeeded);
        Assert.Equal(IoFaultKind.WriteToReadOnly, rig.Translate(Rid, 0x10_0000, AccessKind.Write).Fault);
    }
}
