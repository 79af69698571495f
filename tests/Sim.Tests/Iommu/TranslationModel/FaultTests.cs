using IommuSim.Iommu;
using IommuSim.Observe;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>
/// Every fault kind aborts the DMA, is counted and logged, and raises one io_page_fault event whose flags are
/// Linux's: IOMMU_FAULT_READ = 0x0, IOMMU_FAULT_WRITE = 0x1 (include/linux/iommu.h).
/// </summary>
public class FaultTests
{
    private const ushort Nvme = 0x100;      // 0000:01:00.0
    private const ushort Nic = 0x108;       // 0000:01:01.0, attached to a blocked domain
    private const ushort Stranger = 0x200;  // 0000:02:00.0, never attached

    public static TheoryData<ushort, ulong, AccessKind, IoFaultKind, int, string, string> Cases => new()
    {
        { Nvme, 0x9000, AccessKind.Read, IoFaultKind.NotPresent, 0x0, "0000:01:00.0", "nvme" },
        { Nvme, 0x9000, AccessKind.Write, IoFaultKind.NotPresent, 0x1, "0000:01:00.0", "nvme" },
        { Nvme, 0x1000, AccessKind.Write, IoFaultKind.WriteToReadOnly, 0x1, "0000:01:00.0", "nvme" },
        { Nvme, 0x2000, AccessKind.Read, IoFaultKind.ReadNotPermitted, 0x0, "0000:01:00.0", "nvme" },
        { Nvme, 1UL << 48, AccessKind.Read, IoFaultKind.BeyondAddressWidth, 0x0, "0000:01:00.0", "nvme" },
        { Nic, 0x1000, AccessKind.Write, IoFaultKind.BlockedDomain, 0x1, "0000:01:01.0", "ixgbe" },
        { Stranger, 0x1000, AccessKind.Read, IoFaultKind.ContextNotPresent, 0x0, "0000:02:00.0", "" },
    };

    private static TranslationRig Build()
    {
        var rig = new TranslationRig();
        var dma = rig.NewDomain(1);
        dma.Map(0x1000, 0xA000, 4 * KiB, Permissions.Read);    // DMA_TO_DEVICE: the device may only read
        dma.Map(0x2000, 0xB000, 4 * KiB, Permissions.Write);   // DMA_FROM_DEVICE: the device may only write
        rig.Unit.Attach(Nvme, dma.Domain, driverName: "nvme");
        rig.Unit.Attach(Nic, rig.NewDomain(2, DomainType.Blocked).Domain, driverName: "ixgbe");
        return rig;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_fault_kind_aborts_the_DMA_and_reports_Linux_flags(ushort rid, ulong iova, AccessKind access, IoFaultKind kind,
        int flags, string device, string driver)
    {
        var rig = Build();

        var t = rig.Translate(rid, iova, access);

        Assert.False(t.Succeeded);
        Assert.Equal(kind, t.Fault);
        Assert.Equal(0UL, t.PhysicalAddress);
        Assert.Equal(flags, t.FaultFlags);
        Assert.Equal((1L, 1L), (rig.Unit.Faults, rig.Unit.FaultCount(kind)));
        var record = Assert.Single(rig.Unit.FaultLog);
        Assert.Equal((rid, iova, access, kind, flags), (record.RequesterId, record.Iova, record.Access, record.Kind, record.Flags));
        var e = Assert.Single(rig.FaultEvents);
        Assert.Equal(new IoPageFaultEvent(rig.Sim.Now, device, driver, iova, flags), e);
        Assert.Equal(record.Time, e.Timestamp);
    }

    [Fact]
    public void A_permission_fault_on_an_IOTLB_hit_needs_no_walk_and_is_reported_at_once()
    {
        var rig = Build();
        Assert.True(rig.Translate(Nvme, 0x1000).Succeeded);   // fills the context cache and the IOTLB

        Assert.True(rig.Start(Nvme, 0x1008, AccessKind.Write));
        var t = rig.Delivered[^1].Translation;

        Assert.Equal(IoFaultKind.WriteToReadOnly, t.Fault);
        Assert.Equal(TranslationSource.Iotlb, t.Source);
        Assert.Equal(new TranslationLatency(Lookup, Ns(0), Ns(0), Ns(0)), t.Latency);
        Assert.Single(rig.FaultEvents);
    }

    [Fact]
    public void The_fault_log_keeps_256_records_and_counts_the_overflow()
    {
        var rig = Build();
        for (int i = 0; i < TranslationUnit.FaultLogCapacity + 10; i++) rig.Translate(Nvme, 0x100_0000 + (ulong)i * 4 * KiB);

        Assert.Equal(TranslationUnit.FaultLogCapacity, rig.Unit.FaultLog.Count);
        Assert.Equal(10, rig.Unit.FaultLogOverflows);
        Assert.Equal(TranslationUnit.FaultLogCapacity + 10, rig.FaultEvents.Count);
        rig.Unit.ClearFaultLog();
        Assert.Empty(rig.Unit.FaultLog);
    }

    [Fact]
    public void Without_a_sink_no_event_is_built()
    {
        var rig = Build();
        rig.Trace.Disconnect(rig);
        Assert.False(rig.Trace.IoPageFault.IsConnected);

        Assert.Equal(IoFaultKind.NotPresent, rig.Translate(Nvme, 0x9000).Fault);
        Assert.Empty(rig.FaultEvents);
        Assert.Single(rig.Unit.FaultLog);
    }
}
