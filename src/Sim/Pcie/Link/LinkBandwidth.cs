using IommuSim.Units;

namespace IommuSim.Pcie;

/// <summary>
/// The bandwidth of one direction of a PCIe link, layer by layer, after pcie-bench's model (Neugebauer et al.,
/// SIGCOMM 2018, §3; github.com/pcie-bench/pcie-model, model/pcie.py): the signalling rate, the rate after line
/// encoding (<see cref="Raw"/>), and the rate left for TLPs (<see cref="TlpLayer"/>) once ACK and flow-control DLLPs
/// and SKIP ordered sets have taken their share. The per-TLP costs (framing, sequence number, LCRC, header) come on
/// top and are counted per TLP by <see cref="TlpSplitter"/>.
/// </summary>
/// <remarks>
/// <para>Gen1-2 use 8b/10b, Gen3-5 128b/130b. ACK and FC update DLLPs are 8 bytes on the wire each (2 B framing, 4 B
/// DLLP, 2 B CRC: pcie-model's Ack_Size and FC_Size), one of each every <see cref="AckIntervalSymbols"/> (pcie-model's
/// Ack_Limits and FC_Guide); like pcie-model, the interval is charged as that many bytes of the link, i.e. a share
/// 8 / interval of the raw rate. The interval is in symbol times, in which an xN link moves N bytes, so this is
/// pcie-model's conservative reading for links wider than x1; it is kept because it is what the paper's figures rest
/// on. SKIP ordered sets take 4 of every 1538 symbols (pcie-model's SKIP_Length and SKIP_Interval: the longest
/// interval the spec allows at 2.5 GT/s, applied by pcie-model to every generation).</para>
/// <para>Gen6 (64 GT/s, PAM4 with no line code, 1b/1b) runs in Flit mode: 256-byte flits of 236 bytes of TLPs,
/// 6 of DLLP payload, 8 of CRC and 6 of FEC (PCIe Base Spec 6.0, Flit Mode). <see cref="Raw"/> is then the 242
/// bytes in 256 that are not CRC or FEC (pcie-model's Gen6 rate); ACKs and FC updates travel in the 6 DLLP bytes of
/// each flit, so their share is 6/242 whatever the traffic, and TLPs carry no framing token, sequence number or LCRC
/// of their own (the flit's CRC and sequence number cover them). pcie-model instead charges Gen6 the Gen5 DLLP rates
/// and the per-TLP 8 bytes on top of 242/256, counting the same overhead twice. The SKIP share is kept as for other
/// generations: the flit-mode SKP interval is not modelled separately.</para>
/// </remarks>
public sealed class LinkBandwidth
{
    /// <summary>Bytes of an ACK or flow-control update DLLP on the wire, with its framing (pcie-model Ack_Size, FC_Size).</summary>
    public const int DllpWireBytes = 8;

    /// <summary>Symbols of a SKIP ordered set (pcie-model SKIP_Length).</summary>
    public const int SkipSymbols = 4;

    /// <summary>Symbol times between SKIP ordered sets (pcie-model SKIP_Interval).</summary>
    public const int SkipIntervalSymbols = 1538;

    /// <summary>Bytes in a Gen6 flit.</summary>
    public const int FlitBytes = 256;

    /// <summary>Bytes of a Gen6 flit that carry TLPs.</summary>
    public const int FlitTlpBytes = 236;

    /// <summary>Bytes of a Gen6 flit that carry DLLP payload (ACKs, flow control).</summary>
    public const int FlitDllpBytes = 6;

    /// <summary>Computes the rates of a link; <paramref name="link"/> must be valid.</summary>
    /// <exception cref="ArgumentException">The parameters do not validate.</exception>
    public LinkBandwidth(PcieLinkParams link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!link.IsValid) throw new ArgumentException("the PCIe link parameters do not validate", nameof(link));
        Generation = link.Generation;
        Lanes = link.Lanes;
        long megaTransfers = MegaTransfersPerLane(link.Generation);
        Signalling = BitRate.FromMbps(megaTransfers * link.Lanes);
        var (num, den) = link.Generation switch
        {
            1 or 2 => (8L, 10L),
            3 or 4 or 5 => (128L, 130L),
            _ => ((long)(FlitTlpBytes + FlitDllpBytes), (long)FlitBytes),
        };
        Raw = new BitRate(Signalling.BitsPerSecond * num / den);
        if (link.Generation == 6)
        {
            AckIntervalSymbols = 0;
            DllpShare = FlitDllpBytes / (double)(FlitTlpBytes + FlitDllpBytes);
        }
        else
        {
            AckIntervalSymbols = DllpIntervals.Symbols(link.Generation, link.Lanes, (int)link.MaxPayload.Bytes);
            // One ACK and one FC update per interval (pcie-model TLP_bw).
            DllpShare = 2.0 * DllpWireBytes / AckIntervalSymbols;
        }
        SkipShare = SkipSymbols / (double)SkipIntervalSymbols;
        // pcie-model subtracts the shares from the raw rate; in Flit mode the SKIP time is taken from whole flits,
        // of which the DLLP bytes are a fixed part, so the shares multiply.
        double tlpShare = link.Generation == 6 ? (1 - DllpShare) * (1 - SkipShare) : 1 - DllpShare - SkipShare;
        TlpLayer = new BitRate((long)Math.Round(Raw.BitsPerSecond * tlpShare, MidpointRounding.ToEven));
    }

    /// <summary>The generation, 1 to 6.</summary>
    public int Generation { get; }

    /// <summary>Lanes.</summary>
    public int Lanes { get; }

    /// <summary>Transfers per second over all lanes (GT/s × lanes), as bits per second.</summary>
    public BitRate Signalling { get; }

    /// <summary>The rate after line encoding (Gen6: the flit bytes outside CRC and FEC): pcie-model's Raw.</summary>
    public BitRate Raw { get; }

    /// <summary>Symbol times between ACK DLLPs (and between FC update DLLPs); 0 in Flit mode.</summary>
    public int AckIntervalSymbols { get; }

    /// <summary>Share of <see cref="Raw"/> taken by ACK and flow-control DLLPs.</summary>
    public double DllpShare { get; }

    /// <summary>Share of the link time taken by SKIP ordered sets.</summary>
    public double SkipShare { get; }

    /// <summary>The rate left for TLPs and their per-TLP framing: pcie-model's TLP_bw, rounded to a whole bit per second.</summary>
    public BitRate TlpLayer { get; }

    /// <summary>Transfers per lane per second, in millions: 2.5, 5, 8, 16, 32 and 64 GT/s for Gen1 to Gen6.</summary>
    public static long MegaTransfersPerLane(int generation) => generation switch
    {
        1 => 2_500,
        2 => 5_000,
        3 => 8_000,
        4 => 16_000,
        5 => 32_000,
        6 => 64_000,
        _ => throw new ArgumentOutOfRangeException(nameof(generation), generation, "PCIe generations are 1 to 6"),
    };
}
