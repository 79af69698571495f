namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// One MSI or MSI-X vector of a device as the device holds it: the address and data it writes to signal it.
/// In remappable format (VT-d §5.1.2.2) the address carries an interrupt handle and the data a subhandle, and
/// the unit reads IRTE handle + subhandle; in compatibility format they carry the destination and CPU vector.
/// </summary>
/// <param name="RequesterId">The device (bus &lt;&lt; 8 | device &lt;&lt; 3 | function).</param>
/// <param name="Number">The vector's number within the device, from 0.</param>
/// <param name="Address">The low 32 bits of the message address (0xFEEx_xxxx).</param>
/// <param name="Data">The message data.</param>
public readonly record struct MsiVector(ushort RequesterId, int Number, uint Address, uint Data)
{
    /// <summary>The interrupt address window every MSI writes into.</summary>
    public const uint AddressBase = 0xFEE0_0000;

    private const uint FormatBit = 1u << 4;
    private const uint SubhandleValidBit = 1u << 3;

    /// <summary>True for the remappable format (address bit 4): the unit looks the request up in its table.</summary>
    public bool Remappable => (Address & FormatBit) != 0;

    /// <summary>Remappable format: the handle, from address bits 19:5 (handle bits 14:0) and bit 2 (handle bit 15).</summary>
    public int Handle => Remappable ? (int)(((Address >> 5) & 0x7FFF) | (((Address >> 2) & 1) << 15)) : -1;

    /// <summary>Remappable format: the table index the request names, handle plus the data's subhandle when SHV is set; -1 otherwise.</summary>
    public int Index => Remappable ? Handle + ((Address & SubhandleValidBit) != 0 ? (int)(Data & 0xFFFF) : 0) : -1;

    /// <summary>Compatibility format: the destination APIC ID (address bits 19:12).</summary>
    public uint DestinationId => Remappable ? 0 : (Address >> 12) & 0xFF;

    /// <summary>Compatibility format: the CPU vector (data bits 7:0).</summary>
    public byte Vector => Remappable ? (byte)0 : (byte)Data;

    /// <summary>
    /// A remappable-format vector naming entry <paramref name="handle"/> + <paramref name="subhandle"/>. SHV is
    /// always set and the subhandle written to the data, as Linux's Intel driver composes the message.
    /// </summary>
    public static MsiVector Remapped(ushort requesterId, int number, int handle, int subhandle)
    {
        if (handle is < 0 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(handle), handle, "a handle is 16-bit");
        if (subhandle is < 0 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(subhandle), subhandle, "a subhandle is 16-bit");
        uint address = AddressBase | (((uint)handle & 0x7FFF) << 5) | FormatBit | SubhandleValidBit | (((uint)handle >> 15) << 2);
        return new MsiVector(requesterId, number, address, (uint)subhandle);
    }

    /// <summary>A compatibility-format vector: fixed delivery of <paramref name="vector"/> to physical APIC <paramref name="destinationId"/>, edge-triggered.</summary>
    public static MsiVector Compatibility(ushort requesterId, int number, byte destinationId, byte vector) =>
        new(requesterId, number, AddressBase | ((uint)destinationId << 12), vector);
}
