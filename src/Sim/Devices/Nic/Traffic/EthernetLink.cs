using IommuSim.Kernel;
using IommuSim.Units;

namespace IommuSim.Devices.Nic;

/// <summary>
/// One direction of an Ethernet link: its line rate and whether frames carry an 802.1Q tag on the wire.
/// Frame lengths are the driver's view (no FCS, no tag; see <see cref="EthernetFraming"/>).
/// </summary>
public readonly struct EthernetLink
{
    /// <summary>A link at <paramref name="lineRate"/>, with a VLAN tag on every frame when <paramref name="vlanTagged"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lineRate"/> is zero.</exception>
    public EthernetLink(BitRate lineRate, bool vlanTagged = false)
    {
        if (lineRate.BitsPerSecond <= 0)
            throw new ArgumentOutOfRangeException(nameof(lineRate), lineRate, "a link needs a positive line rate");
        LineRate = lineRate;
        VlanTagged = vlanTagged;
    }

    /// <summary>The signalling rate of the MAC: 10, 25, 40, 100 Gb/s ...</summary>
    public BitRate LineRate { get; }

    /// <summary>Whether frames carry a 4 B 802.1Q tag on the wire (stripped before the driver sees them).</summary>
    public bool VlanTagged { get; }

    /// <summary>Bytes a frame of <paramref name="frameBytes"/> occupies on this link, overheads included.</summary>
    public int WireBytes(int frameBytes) => EthernetFraming.WireBytes(frameBytes, VlanTagged);

    /// <summary>
    /// The time a frame of <paramref name="frameBytes"/> holds the link, inter-frame gap included, rounded up to a
    /// picosecond: back to back at line rate, frames start (and end) this far apart.
    /// </summary>
    public SimTime WireTime(int frameBytes) => LineRate.TimeToTransfer(new ByteSize(WireBytes(frameBytes)));

    /// <summary>Frames per second the link carries at line rate when every frame is <paramref name="frameBytes"/> long.</summary>
    public double LineRatePacketsPerSecond(int frameBytes) => LineRate.BitsPerSecond / (8.0 * WireBytes(frameBytes));

    /// <summary>
    /// The rate of frame bytes the driver receives (driver view: no FCS, tag, preamble or gap) when the link is full of
    /// frames of <paramref name="frameBytes"/>, in bits per second: always below <see cref="LineRate"/>.
    /// </summary>
    public double PayloadBitsPerSecond(int frameBytes) => 8.0 * frameBytes * LineRatePacketsPerSecond(frameBytes);

    /// <summary>The line rate a payload rate of <paramref name="payloadBitsPerSecond"/> in frames of <paramref name="frameBytes"/> needs.</summary>
    public double WireBitsPerSecond(double payloadBitsPerSecond, int frameBytes) =>
        payloadBitsPerSecond * WireBytes(frameBytes) / frameBytes;
}
