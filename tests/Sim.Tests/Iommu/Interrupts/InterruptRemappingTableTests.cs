using IommuSim.Iommu.Interrupts;
using static IommuSim.Tests.Iommu.Interrupts.InterruptFixture;

namespace IommuSim.Tests.Iommu.Interrupts;

public class InterruptRemappingTableTests
{
    [Fact]
    public void Msi_takes_an_aligned_power_of_two_block_and_msix_one_entry_per_vector()
    {
        var f = new InterruptFixture();
        // MSI-X x1 takes 0. MSI x3 needs a block of 4 aligned to 4: 4..7 (0..3 holds 0). MSI-X x2 then takes the
        // lowest free single entries, 1 and 2. MSI x2 needs an aligned pair: 8..9 (2..3 holds 2).
        var a = f.Remapper.AddDevice(Rid(1), f.Unit, 1, MsiKind.MsiX);
        var b = f.Remapper.AddDevice(Rid(2), f.Unit, 3, MsiKind.Msi);
        var c = f.Remapper.AddDevice(Rid(3), f.Unit, 2, MsiKind.MsiX);
        var d = f.Remapper.AddDevice(Rid(4), f.Unit, 2, MsiKind.Msi);
        Assert.Equal([0], a.Vectors.Select(v => v.Index));
        Assert.Equal([4, 5, 6], b.Vectors.Select(v => v.Index));
        Assert.Equal([4, 4, 4], b.Vectors.Select(v => v.Handle)); // one handle, subhandle = vector number
        Assert.Equal([1, 2], c.Vectors.Select(v => v.Index));
        Assert.Equal([8, 9], d.Vectors.Select(v => v.Index));
        Assert.Equal(1 + 4 + 2 + 2, f.Unit.Table.Allocated);
        Assert.False(f.Unit.Table[7].Present); // the block's spare entry is reserved, never written

        // Freeing the MSI block lets the next 3-vector MSI device reuse it.
        f.Remapper.RemoveDevice(Rid(2));
        Assert.Equal(5, f.Unit.Table.Allocated);
        Assert.Equal([4, 5, 6], f.Remapper.AddDevice(Rid(5), f.Unit, 3, MsiKind.Msi).Vectors.Select(v => v.Index));
    }

    [Fact]
    public void Written_entries_carry_the_requester_and_a_device_vector()
    {
        var f = new InterruptFixture();
        var dev = f.Remapper.AddDevice(Rid(2, bus: 1), f.Unit, 2);
        var entry = f.Unit.Table[dev.Vectors[1].Index];
        Assert.True(entry.Present);
        Assert.Equal((IrteMode.Remapped, (ushort)0x0110, true, false), (entry.Mode, entry.SourceId, entry.VerifiesSource, entry.LevelTriggered));
        Assert.Equal(0x22, entry.Vector); // the second vector handed out from 0x21
    }

    [Fact]
    public void Remappable_message_encodes_the_handle_as_vt_d_places_it()
    {
        // Handle 0x8005: bits 14:0 (5) at address bits 19:5, bit 15 at address bit 2; format bit 4, SHV bit 3.
        var v = MsiVector.Remapped(0x0100, 0, handle: 0x8005, subhandle: 3);
        Assert.Equal(0xFEE0_00BCu, v.Address); // 0xFEE00000 | 5 << 5 | 0x10 | 0x08 | 0x04
        Assert.Equal(3u, v.Data);
        Assert.Equal((true, 0x8005, 0x8008), (v.Remappable, v.Handle, v.Index));

        var compat = MsiVector.Compatibility(0x0100, 0, destinationId: 2, vector: 0x45);
        Assert.Equal((0xFEE0_2000u, 0x45u, false, -1), (compat.Address, compat.Data, compat.Remappable, compat.Index));
        Assert.Equal((2u, (byte)0x45), (compat.DestinationId, compat.Vector));
    }

    [Fact]
    public void Posted_entry_keeps_the_descriptor_address_split_across_both_quadwords()
    {
        var e = Irte.Posted(0x61, 0x0000_0012_3456_7840, sourceId: 0x0300, urgent: true);
        Assert.Equal((IrteMode.Posted, (byte)0x61, 0x0000_0012_3456_7840UL, true), (e.Mode, e.Vector, e.DescriptorAddress, e.Urgent));
        Assert.Equal(0x12UL, e.High >> 32);               // address bits 63:32 in IRTE bits 127:96
        Assert.Equal(0x3456_7840UL >> 6, e.Low >> 38);    // address bits 31:6 in IRTE bits 63:38
        Assert.Equal(0x8000UL | 0x4000 | 1, e.Low & 0xFFFF); // IM, URG, P
        Assert.Throws<ArgumentException>(() => Irte.Posted(0x61, 0x1020, null));
    }

    [Fact]
    public void A_full_table_is_refused_with_the_unit_and_device_named()
    {
        var f = new InterruptFixture(remapping: new InterruptRemappingParams { TableEntries = 4 });
        f.Remapper.AddDevice(Rid(1), f.Unit, 3, MsiKind.MsiX);
        var ex = Assert.Throws<InvalidOperationException>(() => f.Remapper.AddDevice(Rid(2), f.Unit, 2, MsiKind.MsiX));
        Assert.Contains("dmar0", ex.Message);
        Assert.Contains("0000:00:02.0", ex.Message);
        Assert.Equal(3, f.Unit.Table.Allocated); // the partial allocation was rolled back
        Assert.Null(f.Remapper.DeviceOf(Rid(2)));
    }
}
