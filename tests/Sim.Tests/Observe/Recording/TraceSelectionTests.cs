using IommuSim.Kernel;
using IommuSim.Observe;
using IommuSim.Observe.Ftrace;
using IommuSim.Observe.Recording;

namespace IommuSim.Tests.Observe.Recording;

public class TraceSelectionTests
{
    private sealed class Names : ITraceRecorder
    {
        public List<string> Seen { get; } = [];
        public void Record(in TraceContext context, in MapEvent traceEvent) => Seen.Add("map");
        public void Record(in TraceContext context, in UnmapEvent traceEvent) => Seen.Add("unmap");
        public void Record(in TraceContext context, in IoPageFaultEvent traceEvent) => Seen.Add("io_page_fault");
        public void Record(in TraceContext context, in GroupEvent traceEvent) => Seen.Add(IommuEventNames.NameOf(IommuEventNames.Of(traceEvent)));
        public void Record(in TraceContext context, in DeviceDomainEvent traceEvent) => Seen.Add(IommuEventNames.NameOf(IommuEventNames.Of(traceEvent)));
    }

    private static readonly TraceContext Ctx = TraceContext.Boot();

    private static void Feed(TraceSelection s)
    {
        var t = SimTime.Zero;
        s.Record(Ctx, new GroupEvent(t, GroupEventKind.AddDeviceToGroup, 0, "0000:01:00.0"));
        s.Record(Ctx, new DeviceDomainEvent(t, DeviceDomainEventKind.DetachDeviceFromDomain, "0000:01:00.0"));
        s.Record(Ctx, new DeviceDomainEvent(t, DeviceDomainEventKind.AttachDeviceToDomain, "0000:01:00.0"));
        for (int i = 0; i < 3; i++)
        {
            s.Record(Ctx, new MapEvent(t, 0x1000, 0x2000, 4096));
            s.Record(Ctx, new UnmapEvent(t, 0x1000, 4096, 4096));
        }
        s.Record(Ctx, new IoPageFaultEvent(t, "0000:01:00.0", "ixgbe", 0x5000, 1));
    }

    [Fact]
    public void A_current_kernel_trace_passes_everything_but_detach_which_that_kernel_has_no_more()
    {
        var names = new Names();
        var s = new TraceSelection(FtraceProfile.Current, null, null, names);
        Feed(s);
        Assert.Equal(["add_device_to_group", "attach_device_to_domain", "map", "unmap", "map", "unmap", "map", "unmap", "io_page_fault"], names.Seen);
        Assert.Equal(9, s.Recorded);
        Assert.Equal(1, s.SeenOf(IommuEventKind.DetachDeviceFromDomain));
        Assert.Equal(0, s.RecordedOf(IommuEventKind.DetachDeviceFromDomain));
        Assert.Equal(3, s.RecordedOf(IommuEventKind.Map));
    }

    [Fact]
    public void Chosen_kinds_and_a_limit_pass_the_first_events_of_those_kinds_to_every_target()
    {
        var a = new Names();
        var b = new Names();
        var s = new TraceSelection(FtraceProfile.V5_17, [IommuEventKind.DetachDeviceFromDomain, IommuEventKind.Unmap], limit: 3, a, b);
        Feed(s);
        Assert.Equal(["detach_device_from_domain", "unmap", "unmap"], a.Seen);
        Assert.Equal(a.Seen, b.Seen);
        Assert.True(s.IsFull);
        Assert.Equal(3, s.SeenOf(IommuEventKind.Unmap));
        Assert.Equal(2, s.RecordedOf(IommuEventKind.Unmap));
    }

    [Fact]
    public void Every_iommu_event_name_parses_back_to_its_kind()
    {
        Assert.Equal(7, IommuEventNames.All.Count);
        foreach (var kind in IommuEventNames.All)
        {
            Assert.True(IommuEventNames.TryParse(IommuEventNames.NameOf(kind), out var back));
            Assert.Equal(kind, back);
        }
        Assert.False(IommuEventNames.TryParse("detach", out _));
        // The names tracefs lists under events/iommu/ (include/trace/events/iommu.h).
        Assert.Equal(["add_device_to_group", "remove_device_from_group", "attach_device_to_domain", "detach_device_from_domain", "map", "unmap", "io_page_fault"],
            IommuEventNames.All.Select(IommuEventNames.NameOf));
    }
}
