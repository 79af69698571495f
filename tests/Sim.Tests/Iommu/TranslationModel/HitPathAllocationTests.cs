using IommuSim.Tests.Support;
using IommuSim.Iommu;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

public class HitPathAllocationTests
{
    private const int Pages = 32;

    private static (TranslationRig Rig, TranslationRequest[] Requests) Warm(bool ats)
    {
        var rig = new TranslationRig(new IommuParams { Ats = new DeviceAtcParams { Enabled = ats } });
        var d = rig.NewDomain(1);
        rig.Unit.Attach(0x100, d.Domain);
        d.Map(0x1000_0000, 0x2000_0000, Pages * 4 * KiB, Permissions.ReadWrite);
        var requests = Enumerable.Range(0, Pages)
            .Select(i => new TranslationRequest(0x100, 0x1000_0000 + (ulong)i * 4 * KiB + 0x40, i % 2 == 0 ? AccessKind.Read : AccessKind.Write, ats))
            .ToArray();
        foreach (var r in requests) rig.Translate(r.RequesterId, r.Iova, r.Access, r.UseAts);   // fill the caches
        return (rig, requests);
    }

    [Theory]
    [InlineData(false)]   // context cache + IOTLB hits
    [InlineData(true)]    // device ATC hits
    public void Hits_allocate_nothing(bool ats)
    {
        var (rig, requests) = Warm(ats);
        for (int i = 0; i < 1000; i++) rig.Unit.Translate(requests[i % Pages], rig, 0, out _);   // JIT

        long hits = 0;
        long allocated = AllocationProbe.LeastBytes(() =>
        {
            for (int i = 0; i < 100_000; i++)
                if (rig.Unit.Translate(requests[i % Pages], rig, 0, out var t) && t.Succeeded) hits++;
        });

        Assert.Equal(0, allocated);
        Assert.Equal(300_000, hits);   // three attempts of 100,000 hits each
    }

    [Fact]
    public void Misses_reuse_pooled_state_once_warm()
    {
        // A 1-entry IOTLB and rounds alternating between two halves of 64 pages: every translation walks.
        var rig = new TranslationRig(new IommuParams { Iotlb = new IotlbParams { Entries = 1, Ways = 1 } });
        var d = rig.NewDomain(1);
        rig.Unit.Attach(0x100, d.Domain);
        d.Map(0x1000_0000, 0x2000_0000, 2 * Pages * 4 * KiB, Permissions.ReadWrite);
        int round = 0;
        void Round()
        {
            ulong half = (ulong)(round++ % 2) * Pages * 4 * KiB;
            for (int i = 0; i < Pages; i++)
                Assert.False(rig.Unit.Translate(new TranslationRequest(0x100, 0x1000_0000 + half + (ulong)i * 4 * KiB, AccessKind.Read), rig, i, out _));
            rig.Sim.Run();
            rig.Delivered.Clear();
        }
        for (int w = 0; w < 20; w++) Round();   // JIT, pools and queues at their size

        long allocated = AllocationProbe.LeastBytes(() => { for (int k = 0; k < 100; k++) Round(); });

        Assert.Equal(0, allocated);
        Assert.Equal((20 + 3 * 100) * Pages, rig.Unit.Walkers.Walks);   // warm-up rounds plus three attempts of 100
    }
}
