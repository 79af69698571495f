using IommuSim.Iommu;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>
/// A 4-entry IOTLB (fully associative, LRU), and when split a 1-entry cache per large page size. One 2 MiB
/// translation, then four 4 KiB ones, then the 2 MiB one again.
/// </summary>
public class IotlbOrganizationTests
{
    private const ushort Rid = 0x100;

    private static (TranslationSource Again, long Evictions) Run(IotlbOrganization organization)
    {
        var rig = new TranslationRig(NoWalkCaches() with
        {
            Iotlb = new IotlbParams
            {
                Organization = organization, Entries = 4, Ways = 4, Replacement = ReplacementPolicy.Lru,
                LargePageEntries = 1, LargePageWays = 1,
            },
        });
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(2 * MiB, 4 * MiB, 2 * MiB, Permissions.Read);
        for (ulong k = 0; k < 4; k++) d.Map(GiB + k * 4 * KiB, GiB + k * 4 * KiB, 4 * KiB, Permissions.Read);

        Assert.Equal(TranslationSource.PageWalk, rig.Translate(Rid, 2 * MiB).Source);
        for (ulong k = 0; k < 4; k++) Assert.Equal(TranslationSource.PageWalk, rig.Translate(Rid, GiB + k * 4 * KiB).Source);
        var again = rig.Translate(Rid, 2 * MiB + 0x1234);
        Assert.Equal(4 * MiB + 0x1234, again.PhysicalAddress);
        return (again.Source, rig.Unit.Iotlb.Evictions);
    }

    [Fact]
    public void Unified_4KiB_traffic_evicts_the_2MiB_entry()
    {
        // Unified: 2M, a, b, c fill the 4 entries; d evicts the least recently used, the 2 MiB entry; walking it
        // again evicts a. Two evictions.
        Assert.Equal((TranslationSource.PageWalk, 2L), Run(IotlbOrganization.Unified));
    }

    [Fact]
    public void Split_the_2MiB_entry_survives_4KiB_traffic()
    {
        // Split: a..d fill the 4 KiB cache exactly; the 2 MiB entry sits alone in its own cache.
        Assert.Equal((TranslationSource.Iotlb, 0L), Run(IotlbOrganization.SplitPerPageSize));
    }

    [Fact]
    public void Split_caches_have_their_own_geometry()
    {
        var tlb = new Iotlb(IotlbOrganization.SplitPerPageSize, new CacheParams(8, 2, ReplacementPolicy.Fifo),
            new CacheParams(2, 2, ReplacementPolicy.Fifo), PageSizes.All, 0);
        Assert.Equal(8 + 2 + 2, tlb.Capacity);
        Assert.NotSame(tlb.CacheFor(PageSize.Size4KiB), tlb.CacheFor(PageSize.Size2MiB));
        Assert.NotSame(tlb.CacheFor(PageSize.Size2MiB), tlb.CacheFor(PageSize.Size1GiB));
        var unified = new Iotlb(IotlbOrganization.Unified, new CacheParams(8, 2, ReplacementPolicy.Fifo), null, PageSizes.UpTo2MiB, 0);
        Assert.Same(unified.CacheFor(PageSize.Size4KiB), unified.CacheFor(PageSize.Size2MiB));
        Assert.Throws<ArgumentException>(() => unified.CacheFor(PageSize.Size1GiB));
    }
}
