namespace IommuSim.Pcie;

/// <summary>TLPs of one kind a transfer puts on one direction of the link: how many and their bytes on the wire.</summary>
/// <param name="Count">TLPs.</param>
/// <param name="WireBytes">Their bytes on the wire: payload plus every TLP's framing, data-link and header bytes.</param>
public readonly record struct TlpTraffic(long Count, long WireBytes)
{
    /// <summary>The TLPs of both.</summary>
    public static TlpTraffic operator +(TlpTraffic a, TlpTraffic b) => new(a.Count + b.Count, a.WireBytes + b.WireBytes);
}
