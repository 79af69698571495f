using IommuSim.Iommu.Interrupts;
using static IommuSim.Tests.Iommu.Interrupts.InterruptFixture;

namespace IommuSim.Tests.Iommu.Interrupts;

/// <summary>The seed's pitfall: interrupt remapping on, a device in no unit's scope, no MSI for it.</summary>
public class MsiFallbackTests
{
    // 0000:00:03.0, as the seed's virtio-blk on QEMU's bypass_iommu root bus: outside every DRHD scope.
    private static readonly ushort Bypassed = Rid(3);

    [Fact]
    public void Intremap_on_and_outside_every_scope_falls_back_to_intx_counted_and_warned()
    {
        var f = new InterruptFixture(intremap: true);
        var dev = f.Remapper.AddDevice(Bypassed, scope: null, vectors: 5, MsiKind.MsiX);

        Assert.Equal((InterruptMode.Intx, true), (dev.Mode, dev.FellBack));
        Assert.Empty(dev.Vectors);
        Assert.Equal(1, f.Remapper.Fallbacks);
        var warning = Assert.Single(f.Remapper.Warnings);
        Assert.Equal((Bypassed, 5, dev.Line), (warning.RequesterId, warning.RequestedVectors, warning.Line));

        // Every vector the device names now raises its one line.
        Assert.Equal(InterruptPath.Intx, f.Remapper.Deliver(Bypassed, 4).Path);
        Assert.Equal((1L, 0L), (f.Remapper.Intx, f.Remapper.Remapped));
    }

    [Fact]
    public void The_warning_names_the_device_and_suggests_intremap_false()
    {
        var f = new InterruptFixture(intremap: true);
        f.Remapper.AddDevice(Bypassed, scope: null, vectors: 2);
        string text = f.Remapper.Warnings[0].Message;
        Assert.StartsWith("0000:00:03.0 is outside every interrupt remapping unit's device scope", text);
        Assert.Contains("`intremap: false`", text);
        Assert.Contains("I/O APIC line 19", text); // device 3: swizzle 16 + 3 % 4
        Assert.Equal(text, f.Remapper.Warnings[0].ToString());

        var named = new InterruptFixture(intremap: true);
        named.Remapper.AddDevice(Bypassed, null, 2, name: "virtio-blk");
        Assert.StartsWith("virtio-blk is outside", named.Remapper.Warnings[0].Message);
    }

    [Fact]
    public void Intremap_off_keeps_msi_for_the_same_device()
    {
        var f = new InterruptFixture(intremap: false);
        var dev = f.Remapper.AddDevice(Bypassed, scope: null, vectors: 5);
        Assert.Equal((InterruptMode.CompatibilityMsi, false, 5), (dev.Mode, dev.FellBack, dev.Vectors.Count));
        Assert.Empty(f.Remapper.Warnings);
        Assert.Equal(0, f.Remapper.Fallbacks);
        Assert.Equal(InterruptPath.Compatibility, f.Remapper.Deliver(Bypassed, 4).Path);
        Assert.Equal(0, f.IoApic.DevicesOn(IoApic.DefaultLine(Bypassed)));
    }

    [Fact]
    public void In_scope_devices_keep_remapped_msi_with_intremap_on()
    {
        var f = new InterruptFixture(intremap: true, units: 2);
        var first = f.Remapper.AddDevice(Rid(2), f.Units[0], vectors: 3);
        var second = f.Remapper.AddDevice(Rid(4, bus: 0x80), f.Units[1], vectors: 1);
        Assert.Equal((InterruptMode.RemappedMsi, InterruptMode.RemappedMsi), (first.Mode, second.Mode));
        Assert.Same(f.Units[1], second.Unit);
        Assert.Empty(f.Remapper.Warnings);
        Assert.Equal(InterruptPath.Remapped, f.Remapper.Deliver(Rid(4, bus: 0x80), 0).Path);
        Assert.Equal((0, 1), (f.Units[0].EntryCache.Cache.Occupancy, f.Units[1].EntryCache.Cache.Occupancy));
    }

    [Fact]
    public void Without_any_remapping_unit_intremap_changes_nothing()
    {
        var f = new InterruptFixture(intremap: true, units: 0);
        Assert.False(f.Remapper.RemappingEnabled);
        Assert.Equal(InterruptMode.CompatibilityMsi, f.Remapper.AddDevice(Bypassed, null, 2).Mode);
        Assert.Empty(f.Remapper.Warnings);
    }
}
