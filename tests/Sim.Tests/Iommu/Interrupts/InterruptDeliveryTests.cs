using IommuSim.Tests.Support;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Platform;
using static IommuSim.Tests.Iommu.Interrupts.InterruptFixture;

namespace IommuSim.Tests.Iommu.Interrupts;

public class InterruptDeliveryTests
{
    [Fact]
    public void Remapped_latency_by_hand_miss_then_hit()
    {
        var f = new InterruptFixture();
        f.Remapper.AddDevice(Rid(2), f.Unit, vectors: 1);

        // Miss: lookup 3 + IRTE read 90 + delivery 17 = 110 ns. Hit: 3 + 17 = 20 ns.
        var miss = f.Remapper.Deliver(Rid(2), 0);
        var hit = f.Remapper.Deliver(Rid(2), 0);
        Assert.Equal(InterruptPath.Remapped, miss.Path);
        Assert.Equal(new InterruptLatency { Lookup = Ns(3), EntryFetch = Ns(90), Delivery = Ns(17) }, miss.Latency);
        Assert.Equal(Ns(110), miss.Latency.Total);
        Assert.Equal(Ns(20), hit.Latency.Total);
        Assert.Equal((2L, 2L, 0L), (f.Remapper.Delivered, f.Remapper.Remapped, f.Remapper.Posted));
    }

    [Fact]
    public void Posted_latency_by_hand_adds_the_descriptor_read_modify_write()
    {
        var f = new InterruptFixture();
        f.Remapper.AddDevice(Rid(2), f.Unit, vectors: 1);
        f.Remapper.PostToVcpu(Rid(2), 0, guestVector: 0x61, descriptorAddress: 0x8000_0040);

        // Miss: lookup 3 + IRTE read 90 + descriptor read and write 2 x 90 + notification 17 = 290 ns.
        // Hit: 3 + 180 + 17 = 200 ns, 180 ns more than the remapped hit of 20 ns.
        var miss = f.Remapper.Deliver(Rid(2), 0);
        var hit = f.Remapper.Deliver(Rid(2), 0);
        Assert.Equal(InterruptPath.Posted, miss.Path);
        Assert.Equal(new InterruptLatency { Lookup = Ns(3), EntryFetch = Ns(90), DescriptorUpdate = Ns(180), Delivery = Ns(17) }, miss.Latency);
        Assert.Equal(Ns(290), miss.Latency.Total);
        Assert.Equal(Ns(200), hit.Latency.Total);
        Assert.Equal((2L, 2L), (f.Remapper.Posted, f.Unit.DescriptorUpdates));
    }

    [Fact]
    public void Memory_reads_follow_platform_memory_so_an_llc_hit_rate_of_one_prices_them_at_llc_latency()
    {
        var f = new InterruptFixture(memory: new MemoryParams { LlcHitRate = 1 });
        f.Remapper.AddDevice(Rid(2), f.Unit, vectors: 2);
        f.Remapper.PostToVcpu(Rid(2), 1, 0x61, 0x8000_0040);

        // Remapped miss: 3 + 17 (LLC) + 17 = 37 ns. Posted miss: 3 + 17 + 2 x 17 + 17 = 71 ns.
        Assert.Equal(Ns(37), f.Remapper.Deliver(Rid(2), 0).Latency.Total);
        Assert.Equal(Ns(71), f.Remapper.Deliver(Rid(2), 1).Latency.Total);
    }

    [Fact]
    public void Compatibility_msi_with_remapping_off_pays_the_delivery_only()
    {
        var f = new InterruptFixture(intremap: false);
        var dev = f.Remapper.AddDevice(Rid(2), f.Unit, vectors: 4);
        Assert.Equal(InterruptMode.CompatibilityMsi, dev.Mode);
        Assert.All(dev.Vectors, v => Assert.False(v.Remappable));
        var d = f.Remapper.Deliver(Rid(2), 3);
        Assert.Equal((InterruptPath.Compatibility, -1), (d.Path, d.Index));
        Assert.Equal(new InterruptLatency { Delivery = Ns(17) }, d.Latency);
        Assert.Equal(0, f.Unit.Table.Allocated);
    }

    [Fact]
    public void An_entry_written_for_another_requester_blocks_the_interrupt()
    {
        var f = new InterruptFixture();
        var dev = f.Remapper.AddDevice(Rid(2), f.Unit, vectors: 1);
        int index = dev.Vectors[0].Index;
        // Source-ID verification (SVT = 01): the entry names 0000:00:03.0, the request comes from 0000:00:02.0.
        f.Unit.Table.Write(index, Irte.Remapped(0, 0x41, sourceId: Rid(3)));
        var d = f.Remapper.Deliver(Rid(2), 0);
        Assert.Equal((InterruptPath.Blocked, index), (d.Path, d.Index));
        Assert.Equal(Ns(93), d.Latency.Total); // the lookup and the read that found out: 3 + 90
        Assert.Equal(1, f.Remapper.Blocked);
    }

    [Fact]
    public void Delivery_allocates_nothing_on_any_path()
    {
        var f = new InterruptFixture();
        f.Remapper.AddDevice(Rid(2), f.Unit, vectors: 2);
        f.Remapper.PostToVcpu(Rid(2), 1, 0x61, 0x8000_0040);
        f.Remapper.AddDevice(Rid(3), null, vectors: 2);   // falls back to INTx
        var off = new InterruptFixture(intremap: false);
        off.Remapper.AddDevice(Rid(2), off.Unit, vectors: 1);
        // Warm up (first calls may JIT), then measure.
        for (int i = 0; i < 2; i++) Touch(f, off);
        Assert.Equal(0L, AllocationProbe.LeastBytes(() => { for (int i = 0; i < 100; i++) Touch(f, off); }));
        // 302 touches (2 warm-up, 3 x 100 measured): two MSIs, two INTx and one compatibility MSI each.
        Assert.Equal((604L, 604L, 302L), (f.Remapper.Remapped + f.Remapper.Posted, f.Remapper.Intx, off.Remapper.Compatibility));

        static void Touch(InterruptFixture f, InterruptFixture off)
        {
            f.Remapper.Deliver(Rid(2), 0);
            f.Remapper.Deliver(Rid(2), 1);
            f.Remapper.Deliver(Rid(3), 0);
            f.Remapper.Deliver(Rid(3), 1);
            off.Remapper.Deliver(Rid(2), 0);
        }
    }
}
