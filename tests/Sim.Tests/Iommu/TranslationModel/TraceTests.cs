using IommuSim.Iommu;
using IommuSim.Observe;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

public class TraceTests
{
    private sealed class MapCounter : ITraceSink<MapEvent>
    {
        public List<ulong> Seen { get; } = [];
        public void Write(in MapEvent traceEvent) => Seen.Add(traceEvent.Iova);
    }

    [Fact]
    public void A_source_delivers_to_its_sinks_in_connection_order()
    {
        var source = new TraceSource<MapEvent>();
        Assert.False(source.IsConnected);
        var (a, b) = (new MapCounter(), new MapCounter());
        source.Connect(a);
        source.Connect(b);
        source.Connect(a);
        source.Emit(new MapEvent(default, 1, 2, 3));
        Assert.Equal(3, source.SinkCount);
        Assert.Equal([1UL, 1UL], a.Seen);
        Assert.True(source.Disconnect(a));
        Assert.False(source.Disconnect(new MapCounter()));
        source.Emit(new MapEvent(default, 7, 2, 3));
        Assert.Equal([1UL, 1UL, 7UL], a.Seen);   // still connected once
        Assert.Equal([1UL, 7UL], b.Seen);
    }

    [Fact]
    public void A_sink_connects_to_every_source_it_implements()
    {
        var trace = new IommuTrace();
        Assert.Equal(1, trace.Connect(new MapCounter()));
        var all = new TranslationRig();   // implements the three
        Assert.Equal(3, trace.Connect(all));
        Assert.Equal(3, trace.Disconnect(all));
        Assert.Equal(("map", "unmap", "io_page_fault"), (MapEvent.EventName, UnmapEvent.EventName, IoPageFaultEvent.EventName));
    }

    [Fact]
    public void Map_and_unmap_raise_one_event_per_call_with_Linux_fields()
    {
        var rig = new TranslationRig();
        var d = rig.NewDomain(1);
        rig.Sim.Schedule(Ns(5), _ =>
        {
            // 4 MiB + 8 KiB at a 2 MiB-aligned IOVA: one call, two 2 MiB leaves and two 4 KiB leaves, one event.
            var pages = d.Map(2 * MiB, 0x4000_0000, 4 * MiB + 8 * KiB, Permissions.ReadWrite);
            Assert.Equal(4, pages.PageCount);
        }, null);
        rig.Sim.Schedule(Ns(9), _ =>
        {
            Assert.Throws<IommuMappingException>(() => d.Map(2 * MiB, 0x9000_0000, 4 * KiB, Permissions.Read));   // overlap
            Assert.Equal(2 * MiB, d.Unmap(3 * MiB, 4 * KiB));    // inside the first 2 MiB leaf: the whole leaf goes
            Assert.Equal(0UL, d.Unmap(100 * MiB, 4 * KiB));      // a hole
        }, null);
        rig.Sim.Run();

        var map = Assert.Single(rig.Maps);
        Assert.Equal(new MapEvent(Ns(5), 2 * MiB, 0x4000_0000, 4 * MiB + 8 * KiB), map);
        Assert.Equal(6 * MiB + 8 * KiB, map.IovaEnd);
        Assert.Equal([new UnmapEvent(Ns(9), 3 * MiB, 4 * KiB, 2 * MiB), new UnmapEvent(Ns(9), 100 * MiB, 4 * KiB, 0)], rig.Unmaps);
        Assert.Equal(3 * MiB + 4 * KiB, rig.Unmaps[0].IovaEnd);
    }

    [Fact]
    public void Domains_without_tables_cannot_map()
    {
        var rig = new TranslationRig();
        var ex = Assert.Throws<InvalidOperationException>(() => rig.NewDomain(3, DomainType.Identity).Map(0, 0, 4 * KiB, Permissions.Read));
        Assert.Contains("no page table", ex.Message);
        Assert.Empty(rig.Maps);
    }

    [Theory]
    [InlineData(0x0100, 0, "0000:01:00.0")]
    [InlineData(0x00F9, 0, "0000:00:1f.1")]
    [InlineData(0xFFFF, 0x12, "0012:ff:1f.7")]
    public void Device_names_are_Linux_dev_names(ushort rid, int segment, string name) => Assert.Equal(name, DeviceNames.Pci(rid, segment));
}
