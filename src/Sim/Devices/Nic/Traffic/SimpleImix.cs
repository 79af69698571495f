using IommuSim.Kernel.Randomness;

namespace IommuSim.Devices.Nic;

/// <summary>
/// The "simple IMIX" of test equipment: IPv4 packets of 40, 576 and 1500 B in the ratio 7:4:1. As frames on the
/// wire (with FCS) these are 64, 594 and 1518 B, the form TRex and other generators ship; in this namespace's
/// driver view (no FCS) 60, 590 and 1514 B.
/// </summary>
/// <remarks>
/// Each frame is an independent draw with probabilities 7/12, 4/12, 1/12 (one draw of the stream), not the
/// repeating 12-frame sequence some generators send; RFC 6985 (IMIX Genome) is the notation for pinning such a
/// sequence. Note that "64/576/1500" mixes layers: 64 is a frame with FCS, 576 and 1500 are IP packets.
/// </remarks>
public sealed class SimpleImix : IFrameSizes
{
    /// <summary>The smallest frame: a 40 B IPv4 packet (TCP ACK) padded to the 60 B minimum.</summary>
    public const int SmallBytes = EthernetFraming.MinFrameBytes;
    /// <summary>A 576 B IPv4 packet (the minimum datagram every host accepts, RFC 791) plus the 14 B MAC header.</summary>
    public const int MediumBytes = 576 + 14;
    /// <summary>A 1500 B IPv4 packet (the Ethernet MTU, RFC 894) plus the 14 B MAC header.</summary>
    public const int LargeBytes = 1500 + 14;
    /// <summary>Parts of small frames in a round of 12.</summary>
    public const int SmallParts = 7;
    /// <summary>Parts of medium frames in a round of 12.</summary>
    public const int MediumParts = 4;
    /// <summary>Parts of large frames in a round of 12.</summary>
    public const int LargeParts = 1;
    /// <summary>Frames in a round: 7 + 4 + 1.</summary>
    public const int RoundParts = SmallParts + MediumParts + LargeParts;

    private readonly RandomStream _stream;

    /// <summary>Draws sizes from <paramref name="stream"/>.</summary>
    public SimpleImix(RandomStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <inheritdoc/>
    public int NextBytes()
    {
        int part = _stream.NextInt(RoundParts);
        return part < SmallParts ? SmallBytes : part < SmallParts + MediumParts ? MediumBytes : LargeBytes;
    }

    /// <inheritdoc/>
    public double MeanBytes => (SmallParts * SmallBytes + MediumParts * MediumBytes + LargeParts * LargeBytes) / (double)RoundParts;
}
