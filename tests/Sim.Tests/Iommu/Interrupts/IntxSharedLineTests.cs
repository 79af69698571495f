using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using static IommuSim.Tests.Iommu.Interrupts.InterruptFixture;

namespace IommuSim.Tests.Iommu.Interrupts;

public class IntxSharedLineTests
{
    [Theory]
    // route 600 + delivery 17 + (N - 1) x poll 600 + EOI 300 = 917 + 600 (N - 1) ns
    [InlineData(1, 917)]
    [InlineData(2, 1517)]
    [InlineData(3, 2117)]
    [InlineData(5, 3317)]
    public void Shared_line_cost_with_n_devices_by_hand_without_remapping(int devices, long expectedNs)
    {
        var f = new InterruptFixture(intremap: false);
        // Devices 0, 4, 8 ... all swizzle onto line 16; none has MSI, so INTx is their only interrupt.
        for (int d = 0; d < devices; d++) f.Remapper.AddDevice(Rid(4 * d), null, vectors: 0);
        Assert.Equal(devices, f.IoApic.DevicesOn(16));

        var intx = f.Remapper.Deliver(Rid(0), 0);
        Assert.Equal((InterruptPath.Intx, 16, -1), (intx.Path, intx.Line, intx.Index));
        Assert.Equal(new InterruptLatency
        {
            Route = Ns(600), Delivery = Ns(17), SharedLinePoll = Ns(600 * (devices - 1)), Eoi = Ns(300),
        }, intx.Latency);
        Assert.Equal(Ns(expectedNs), intx.Latency.Total);
        Assert.Empty(f.Remapper.Warnings); // devices without MSI did not fall back from anything
    }

    [Fact]
    public void Fallen_back_devices_pay_the_remapped_io_apic_path_and_wait_for_the_line()
    {
        var f = new InterruptFixture(intremap: true);
        // Two bypassed MSI-X devices (0000:00:03.0 and 0000:00:07.0) both land on line 16 + 3 % 4 = 19.
        f.Remapper.AddDevice(Rid(3), null, vectors: 4);
        f.Remapper.AddDevice(Rid(7), null, vectors: 4);
        Assert.Equal(2, f.IoApic.DevicesOn(19));
        int pinEntry = f.IoApic.RedirectionIndex(19);
        Assert.True(f.Unit.Table.IsAllocated(pinEntry)); // one IRTE for the pin, in the I/O APIC's unit

        // First: route 600 + lookup 3 + IRTE read 90 + delivery 17 + one other device polled 600 + EOI 300 = 1610 ns.
        var first = f.Remapper.Deliver(Rid(3), 0);
        Assert.Equal((InterruptPath.Intx, pinEntry), (first.Path, first.Index));
        Assert.Equal(Ns(1610), first.Latency.Total);
        // Second, at the same instant from the other device: the line is busy until the first's EOI at 1610 ns,
        // then 600 + 3 (IEC hit) + 17 + 600 + 300 = 1520 ns: 3130 ns in all.
        var second = f.Remapper.Deliver(Rid(7), 2);
        Assert.Equal(Ns(1610), second.Latency.LineWait);
        Assert.Equal(Ns(3130), second.Latency.Total);
        Assert.Equal(Ns(3130), f.IoApic.BusyUntil(19));

        // Once the line is re-armed there is no wait: at 5 us the same interrupt costs 1520 ns.
        f.Sim.Schedule(Ns(5000), static _ => { }, null);
        f.Sim.Run();
        Assert.Equal(Ns(1520), f.Remapper.Deliver(Rid(3), 1).Latency.Total);
        Assert.Equal((3L, 3L), (f.Remapper.Intx, f.IoApic.InterruptsOn(19)));
    }

    [Fact]
    public void The_msi_path_beats_the_fallback_by_the_io_apic_route_polls_and_eoi()
    {
        // Same device, both ways, warm caches: remapped MSI 3 + 17 = 20 ns; fallback INTx alone on its line
        // 600 + 3 + 17 + 300 = 920 ns.
        var inScope = new InterruptFixture(intremap: true);
        inScope.Remapper.AddDevice(Rid(3), inScope.Unit, vectors: 1);
        inScope.Remapper.Deliver(Rid(3), 0);
        var msi = inScope.Remapper.Deliver(Rid(3), 0).Latency.Total;

        var bypassed = new InterruptFixture(intremap: true);
        bypassed.Remapper.AddDevice(Rid(3), null, vectors: 1);
        bypassed.Remapper.Deliver(Rid(3), 0);
        bypassed.Sim.Schedule(Ns(10_000), static _ => { }, null);
        bypassed.Sim.Run();
        var intx = bypassed.Remapper.Deliver(Rid(3), 0).Latency.Total;

        Assert.Equal((Ns(20), Ns(920)), (msi, intx));
    }

    [Fact]
    public void An_explicit_line_overrides_the_swizzle()
    {
        var f = new InterruptFixture(intremap: false);
        var dev = f.Remapper.AddDevice(Rid(3), null, 0, intxLine: 22);
        Assert.Equal(22, dev.Line);
        Assert.Equal(1, f.IoApic.DevicesOn(22));
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Remapper.AddDevice(Rid(5), null, 0, intxLine: 24));
    }
}
