namespace IommuSim.Devices.Nic;

/// <summary>
/// The per-frame constants of Ethernet on the wire (IEEE 802.3-2022), and the bytes a frame occupies there.
/// </summary>
/// <remarks>
/// Convention used throughout <c>IommuSim.Devices.Nic</c>: a frame's length L is what the driver sees, the MAC
/// frame from destination address to the end of the data (or pad) <em>without</em> the FCS, which the NIC checks
/// and strips (Linux's default: NETIF_F_RXFCS off), and without a VLAN tag, which the NIC strips (receive VLAN
/// offload). So the smallest frame is 60 B (64 B with FCS) and a frame carrying a 1500 B IP packet is 1514 B.
/// On the wire it occupies L (padded to 60 B) + tag + FCS + preamble and SFD + inter-frame gap bytes: 24 B
/// more, 28 B with a tag, so 64 B frames with FCS take 84 B, 14.88 Mpps at 10 Gb/s.
/// </remarks>
public static class EthernetFraming
{
    /// <summary>Preamble (7 B) and start frame delimiter (1 B) before every frame: IEEE 802.3 clauses 3.1.1, 3.2.1, 3.2.2.</summary>
    public const int PreambleAndSfdBytes = 8;

    /// <summary>Frame check sequence, a CRC-32 at the end of every frame: IEEE 802.3 clause 3.2.9.</summary>
    public const int FcsBytes = 4;

    /// <summary>Idle time between frames, interFrameGap = 96 bit times: IEEE 802.3 clause 4.4.2.</summary>
    public const int InterFrameGapBytes = 12;

    /// <summary>The 802.1Q tag (TPID and TCI) a tagged frame carries after the source address: IEEE 802.3 clause 3.5.</summary>
    public const int VlanTagBytes = 4;

    /// <summary>minFrameSize, 512 bits with the FCS (IEEE 802.3 clause 4.4.2); shorter data is padded (clause 3.2.8).</summary>
    public const int MinFrameWithFcsBytes = 64;

    /// <summary>The smallest frame as the driver sees it: <see cref="MinFrameWithFcsBytes"/> without the FCS.</summary>
    public const int MinFrameBytes = MinFrameWithFcsBytes - FcsBytes;

    /// <summary>
    /// The largest frame (driver view) the traffic components accept: 9216 B, a jumbo-frame limit many switch ports
    /// use (convention: 802.3 itself stops at maxBasicFrameSize 1518 B and maxEnvelopeFrameSize 2000 B with FCS,
    /// clause 4.4.2; jumbo frames are outside the standard).
    /// </summary>
    public const int MaxFrameBytes = 9216;

    /// <summary>Bytes on the wire around every frame besides its own: FCS, preamble and SFD, inter-frame gap.</summary>
    public const int PerFrameOverheadBytes = FcsBytes + PreambleAndSfdBytes + InterFrameGapBytes;

    /// <summary>
    /// The bytes a frame of <paramref name="frameBytes"/> (driver view, see remarks of the type) occupies on the
    /// wire: padded to the minimum, plus the tag when <paramref name="vlanTagged"/>, plus <see cref="PerFrameOverheadBytes"/>.
    /// The pad fills the tagged frame to 64 B, so a tagged minimum frame is not padded further.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameBytes"/> is not positive.</exception>
    public static int WireBytes(int frameBytes, bool vlanTagged)
    {
        if (frameBytes <= 0)
            throw new ArgumentOutOfRangeException(nameof(frameBytes), frameBytes, "a frame has at least one byte");
        int onWire = frameBytes + (vlanTagged ? VlanTagBytes : 0);
        if (onWire < MinFrameBytes) onWire = MinFrameBytes;
        return onWire + PerFrameOverheadBytes;
    }
}
