namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// One 128-bit interrupt remapping table entry, in the bit layout of the Intel VT-d specification (remapped
/// format §9.10, posted format §9.11). The all-zero entry is not present.
/// </summary>
/// <remarks>
/// Low quadword: P (bit 0), FPD (1), DM (2), RH (3), TM (4), DLM (7:5), URG (14, posted), IM (15), vector
/// (23:16), destination ID (63:32, x2APIC format) or, posted, descriptor address bits 31:6 (63:38). High
/// quadword: SID (15:0), SQ (17:16), SVT (19:18) and, posted, descriptor address bits 63:32 (127:96).
/// </remarks>
public readonly struct Irte : IEquatable<Irte>
{
    private const ulong PresentBit = 1UL << 0;
    private const ulong TriggerModeBit = 1UL << 4;
    private const ulong UrgentBit = 1UL << 14;
    private const ulong PostedModeBit = 1UL << 15;
    private const int VectorShift = 16;
    private const int DestinationShift = 32;
    private const int DescriptorLowShift = 38;
    // SVT = 01: verify the requester ID against SID (with SQ = 00, all 16 bits compared).
    private const ulong VerifySourceId = 1UL << 18;

    /// <summary>Creates an entry from its two quadwords.</summary>
    public Irte(ulong low, ulong high)
    {
        Low = low;
        High = high;
    }

    /// <summary>Bits 63:0.</summary>
    public ulong Low { get; }
    /// <summary>Bits 127:64.</summary>
    public ulong High { get; }

    /// <summary>The present bit: a request hitting a non-present entry is blocked (a remapping fault).</summary>
    public bool Present => (Low & PresentBit) != 0;
    /// <summary>Remapped or posted.</summary>
    public IrteMode Mode => (Low & PostedModeBit) != 0 ? IrteMode.Posted : IrteMode.Remapped;
    /// <summary>The CPU vector (remapped) or the guest's virtual vector (posted).</summary>
    public byte Vector => (byte)(Low >> VectorShift);
    /// <summary>Remapped format: the target local APIC ID.</summary>
    public uint DestinationId => Mode == IrteMode.Remapped ? (uint)(Low >> DestinationShift) : 0;
    /// <summary>Remapped format: level-triggered (IOAPIC lines) rather than edge (MSI).</summary>
    public bool LevelTriggered => (Low & TriggerModeBit) != 0;
    /// <summary>Posted format: urgent, notify even while the vCPU is in its suppress-notification state.</summary>
    public bool Urgent => Mode == IrteMode.Posted && (Low & UrgentBit) != 0;
    /// <summary>Posted format: the 64-byte aligned address of the vCPU's posted-interrupt descriptor.</summary>
    public ulong DescriptorAddress => Mode == IrteMode.Posted ? ((Low >> DescriptorLowShift) << 6) | (High >> 32 << 32) : 0;
    /// <summary>The source ID (requester ID) the entry was written for.</summary>
    public ushort SourceId => (ushort)High;
    /// <summary>True when the unit must check that the request's requester ID equals <see cref="SourceId"/>.</summary>
    public bool VerifiesSource => (High & (3UL << 18)) == VerifySourceId;

    /// <summary>A present remapped-format entry delivering <paramref name="vector"/> to <paramref name="destinationId"/>, fixed mode, physical destination.</summary>
    /// <param name="destinationId">The target local APIC ID.</param>
    /// <param name="vector">The CPU vector.</param>
    /// <param name="sourceId">The requester allowed to use the entry, or null for no check (IOAPIC pins here).</param>
    /// <param name="levelTriggered">True for level-triggered sources (IOAPIC INTx lines).</param>
    public static Irte Remapped(uint destinationId, byte vector, ushort? sourceId, bool levelTriggered = false) =>
        new(PresentBit | (levelTriggered ? TriggerModeBit : 0) | ((ulong)vector << VectorShift) | ((ulong)destinationId << DestinationShift),
            SourceBits(sourceId));

    /// <summary>A present posted-format entry posting <paramref name="guestVector"/> into the descriptor at <paramref name="descriptorAddress"/>.</summary>
    /// <param name="guestVector">The vector the guest sees.</param>
    /// <param name="descriptorAddress">The vCPU's posted-interrupt descriptor, 64-byte aligned.</param>
    /// <param name="sourceId">The requester allowed to use the entry, or null for no check.</param>
    /// <param name="urgent">VT-d's URG bit.</param>
    /// <exception cref="ArgumentException">The descriptor address is not 64-byte aligned.</exception>
    public static Irte Posted(byte guestVector, ulong descriptorAddress, ushort? sourceId, bool urgent = false)
    {
        if ((descriptorAddress & 63) != 0)
            throw new ArgumentException($"a posted-interrupt descriptor is 64-byte aligned; 0x{descriptorAddress:x} is not", nameof(descriptorAddress));
        ulong low = PresentBit | PostedModeBit | (urgent ? UrgentBit : 0) | ((ulong)guestVector << VectorShift)
                    | ((descriptorAddress & 0xFFFF_FFFFUL) >> 6 << DescriptorLowShift);
        return new(low, SourceBits(sourceId) | (descriptorAddress >> 32 << 32));
    }

    /// <inheritdoc/>
    public bool Equals(Irte other) => Low == other.Low && High == other.High;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Irte other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Low, High);
    /// <summary>Same 128 bits.</summary>
    public static bool operator ==(Irte left, Irte right) => left.Equals(right);
    /// <summary>Different bits.</summary>
    public static bool operator !=(Irte left, Irte right) => !left.Equals(right);

    /// <summary>The two quadwords in hex, high first.</summary>
    public override string ToString() => $"{High:x16}{Low:x16}";

    private static ulong SourceBits(ushort? sourceId) => sourceId is { } sid ? VerifySourceId | sid : 0;
}
