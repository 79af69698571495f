using IommuSim.Iommu;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

public class ContextAndAtsTests
{
    private const ushort Rid = 0x100;

    [Theory]
    [InlineData(2, 180)]   // VT-d legacy mode: root entry, then context entry
    [InlineData(1, 90)]    // AMD-Vi: one device-table entry
    public void A_context_cache_miss_costs_its_reads_once(int fetchReads, long fetchNs)
    {
        var rig = new TranslationRig(NoWalkCaches() with { ContextCache = new ContextCacheParams { FetchReads = fetchReads } });
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(0, 0x10_0000, 2 * 4 * KiB, Permissions.ReadWrite);

        var cold = rig.Translate(Rid, 0x0);
        var warm = rig.Translate(Rid, 0x1000);   // another page: IOTLB miss, context hit

        Assert.Equal(Ns(fetchNs), cold.Latency.ContextFetch);
        Assert.Equal(Ns(0), warm.Latency.ContextFetch);
        // Same walk (4 reads) both times: the difference is the context fetch alone.
        Assert.Equal(Ns(fetchNs), cold.Latency.Total - warm.Latency.Total);
        Assert.Equal((1L, 1L), (rig.Unit.ContextCache.Hits, rig.Unit.ContextCache.Misses));
        Assert.Equal(1, rig.Unit.ContextFetches);
    }

    [Fact]
    public void An_ATC_hit_skips_the_IOMMU()
    {
        var rig = new TranslationRig(new IommuParams { Ats = new DeviceAtcParams { Enabled = true } });
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(0x4000, 0x8000, 4 * KiB, Permissions.ReadWrite);

        var first = rig.Translate(Rid, 0x4000, ats: true);                // ATC miss: the IOMMU translates, the ATC keeps it
        var (iotlbHits, iotlbMisses, contextLookups) = (rig.Unit.Iotlb.Hits, rig.Unit.Iotlb.Misses, rig.Unit.ContextCache.Hits + rig.Unit.ContextCache.Misses);
        var second = rig.Translate(Rid, 0x4010, AccessKind.Write, ats: true);

        Assert.Equal(TranslationSource.PageWalk, first.Source);
        // ATC lookup 1 ns + IOMMU lookup 3 ns, context fetch 180 ns, walk 4 reads.
        Assert.Equal(new TranslationLatency(Ns(4), Ns(180), Ns(0), Read * 4), first.Latency);
        Assert.Equal(TranslationSource.DeviceAtc, second.Source);
        Assert.Equal(0x8010UL, second.PhysicalAddress);
        Assert.Equal(new TranslationLatency(Ns(1), Ns(0), Ns(0), Ns(0)), second.Latency);
        // The IOMMU saw nothing of the second request.
        Assert.Equal((iotlbHits, iotlbMisses), (rig.Unit.Iotlb.Hits, rig.Unit.Iotlb.Misses));
        Assert.Equal(contextLookups, rig.Unit.ContextCache.Hits + rig.Unit.ContextCache.Misses);
        Assert.Equal((1L, 1L), (rig.AtcHits(), rig.AtcMisses()));
        // Without ATS the same device goes through the IOMMU and hits the IOTLB.
        Assert.Equal(TranslationSource.Iotlb, rig.Translate(Rid, 0x4010).Source);
    }

    [Fact]
    public void Asking_for_ATS_on_a_unit_without_it_is_an_ordinary_translation()
    {
        var rig = new TranslationRig();
        var d = rig.NewDomain(1);
        rig.Unit.Attach(Rid, d.Domain);
        d.Map(0x4000, 0x8000, 4 * KiB, Permissions.ReadWrite);
        rig.Translate(Rid, 0x4000, ats: true);

        Assert.Null(rig.Unit.AtcOf(Rid));
        Assert.Equal(TranslationSource.Iotlb, rig.Translate(Rid, 0x4000, ats: true).Source);
    }

    [Fact]
    public void An_identity_domain_passes_addresses_through()
    {
        var rig = new TranslationRig();
        rig.Unit.Attach(Rid, rig.NewDomain(1, DomainType.Identity).Domain);
        var t = rig.Translate(Rid, 0x1234_5678, AccessKind.Write);
        Assert.Equal((true, 0x1234_5678UL, TranslationSource.Passthrough), (t.Succeeded, t.PhysicalAddress, t.Source));
        Assert.Equal(0, rig.Unit.Walkers.Walks);
    }

    [Fact]
    public void Domains_must_fit_the_unit()
    {
        var rig = new TranslationRig(new IommuParams { Pages1GiB = false });
        var huge = rig.NewDomain(1, format: PageTableFormat.FourLevel);
        var ex = Assert.Throws<ArgumentException>(() => rig.Unit.Attach(Rid, huge.Domain));
        Assert.Contains("supports only", ex.Message);
        var deep = rig.NewDomain(2, format: PageTableFormat.FiveLevel with { });
        Assert.Throws<ArgumentException>(() => rig.Unit.Attach(Rid, deep.Domain));
    }
}
