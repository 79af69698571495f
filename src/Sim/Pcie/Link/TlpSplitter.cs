namespace IommuSim.Pcie;

/// <summary>
/// Splits a DMA into TLPs and counts them and their bytes on the wire, in closed form (no loop per TLP, nothing
/// allocated): this runs per DMA.
/// </summary>
/// <remarks>
/// <para>No request crosses a 4 KiB boundary (PCIe Base Spec §2.2.7). A write is cut at 4 KiB boundaries and each
/// piece into Max-Payload-Size TLPs from its start, the last one shorter: the fewest TLPs the rules allow, and
/// pcie-model's ceil(size / MPS) for any transfer inside one 4 KiB page. Reads are cut the same way into
/// Max-Read-Request-Size requests. Each request is answered by completions split as pcie-model describes a root
/// complex doing it (model/mem_bw.py, read): the first ends at the first Read Completion Boundary after the request's
/// start (when the start is not on one), the rest are MPS long, the last shorter; pcie-model itself assumes aligned
/// requests and counts ceil(size / MPS) (its default, rcb_chunks off), which this equals for aligned requests.</para>
/// <para>Per TLP on the wire: the physical and data-link layer's 8 bytes, which pcie-model counts as DLLP_Hdr for
/// every generation and which are exact for both framings (Gen1-2: STP 1 B + sequence number 2 B + LCRC 4 B + END
/// 1 B; Gen3-5: the 4-symbol STP token, which carries the 12-bit sequence number itself, + LCRC 4 B; PCIe Base Spec,
/// Framing Tokens in Non-Flit Mode), none in Gen6 Flit mode (the flit's CRC covers it, see
/// <see cref="LinkBandwidth"/>); the header, 3DW (12 B) or, for a request at or above 4 GiB from a device with
/// 64-bit addressing, 4DW (16 B) (§2.2.4.1: below 4 GiB the 32-bit format is required); completions 3DW; and 4 B
/// of ECRC when enabled.</para>
/// </remarks>
public sealed class TlpSplitter
{
    private const ulong Page = 4096;
    private const ulong FourGiB = 1UL << 32;

    private readonly int _mps;
    private readonly int _mrrs;
    private readonly int _rcb;
    private readonly bool _address64;

    /// <summary>Creates the splitter of a link; <paramref name="link"/> must be valid.</summary>
    /// <exception cref="ArgumentException">The parameters do not validate.</exception>
    public TlpSplitter(PcieLinkParams link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!link.IsValid) throw new ArgumentException("the PCIe link parameters do not validate", nameof(link));
        _mps = (int)link.MaxPayload.Bytes;
        _mrrs = (int)link.MaxReadRequest.Bytes;
        _rcb = (int)link.ReadCompletionBoundary.Bytes;
        _address64 = link.Address64Bit;
        LinkBytesPerTlp = link.Generation == 6 ? 0 : 8;
        int digest = link.Ecrc ? 4 : 0;
        Header3DwBytes = LinkBytesPerTlp + 12 + digest;
        Header4DwBytes = LinkBytesPerTlp + 16 + digest;
    }

    /// <summary>Physical- and data-link-layer bytes of every TLP: 8 (Gen1-5), 0 (Gen6 Flit mode).</summary>
    public int LinkBytesPerTlp { get; }

    /// <summary>Bytes on the wire of a 3DW-header TLP besides its payload: link bytes, header, ECRC.</summary>
    public int Header3DwBytes { get; }

    /// <summary>Bytes on the wire of a 4DW-header TLP besides its payload: link bytes, header, ECRC.</summary>
    public int Header4DwBytes { get; }

    /// <summary>The memory write TLPs (upstream) of <paramref name="bytes"/> written at <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative length, a transfer past the end of the address space,
    /// or one above 4 GiB from a device without 64-bit addressing.</exception>
    public TlpTraffic Write(ulong address, long bytes)
    {
        ulong end = CheckRange(address, bytes);
        if (bytes == 0) return default;
        if (address < FourGiB && end > FourGiB)
            return WriteIn(address, (long)(FourGiB - address)) + WriteIn(FourGiB, (long)(end - FourGiB));
        return WriteIn(address, bytes);
    }

    /// <summary>
    /// The read request TLPs (upstream) and completion TLPs (downstream) of <paramref name="bytes"/> read at
    /// <paramref name="address"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Write"/>.</exception>
    public ReadTraffic Read(ulong address, long bytes)
    {
        ulong end = CheckRange(address, bytes);
        if (bytes == 0) return default;
        if (address < FourGiB && end > FourGiB)
            return ReadIn(address, (long)(FourGiB - address)) + ReadIn(FourGiB, (long)(end - FourGiB));
        return ReadIn(address, bytes);
    }

    /// <summary>TLPs of at most <paramref name="limit"/> bytes covering [address, address + bytes), cut at 4 KiB boundaries.</summary>
    public static long Pieces(ulong address, long bytes, int limit)
    {
        if (bytes <= 0) return 0;
        ulong end = address + (ulong)bytes;
        ulong firstCut = (address | (Page - 1)) + 1;
        if (end <= firstCut) return Ceiling((long)(end - address), limit);
        ulong lastCut = end & ~(Page - 1);
        long fullPages = (long)((lastCut - firstCut) / Page);
        return Ceiling((long)(firstCut - address), limit) + fullPages * ((long)Page / limit) + Ceiling((long)(end - lastCut), limit);
    }

    // A range on one side of 4 GiB: one header format throughout.
    private TlpTraffic WriteIn(ulong address, long bytes)
    {
        long count = Pieces(address, bytes, _mps);
        return new TlpTraffic(count, bytes + count * RequestOverhead(address));
    }

    private ReadTraffic ReadIn(ulong address, long bytes)
    {
        long requests = Pieces(address, bytes, _mrrs);
        ulong end = address + (ulong)bytes;
        ulong firstCut = (address | (Page - 1)) + 1;
        long completions;
        if (end <= firstCut) completions = CompletionsInPage(address, bytes);
        else
        {
            ulong lastCut = end & ~(Page - 1);
            long fullPages = (long)((lastCut - firstCut) / Page);
            completions = CompletionsInPage(address, (long)(firstCut - address))
                + fullPages * CompletionsInPage(0, (long)Page)
                + CompletionsInPage(lastCut, (long)(end - lastCut));
        }
        return new ReadTraffic(
            new TlpTraffic(requests, requests * RequestOverhead(address)),
            new TlpTraffic(completions, bytes + completions * Header3DwBytes));
    }

    // Completions of the requests covering a range inside one 4 KiB page: they start at address + k × MRRS, all
    // with the start's offset from an RCB boundary (MRRS is a multiple of the RCB).
    private long CompletionsInPage(ulong address, long bytes)
    {
        if (bytes <= 0) return 0;
        int offset = (int)(address % (ulong)_rcb);
        long full = bytes / _mrrs;
        long rest = bytes % _mrrs;
        return full * CompletionsOfRequest(offset, _mrrs) + (rest > 0 ? CompletionsOfRequest(offset, rest) : 0);
    }

    private long CompletionsOfRequest(int offset, long bytes)
    {
        if (offset == 0) return Ceiling(bytes, _mps);
        long head = _rcb - offset;
        return bytes <= head ? 1 : 1 + Ceiling(bytes - head, _mps);
    }

    /// <summary>Wire bytes of a request TLP to <paramref name="address"/> besides its payload: link bytes, a 3DW or 4DW header, ECRC.</summary>
    public int RequestOverhead(ulong address) => _address64 && address >= FourGiB ? Header4DwBytes : Header3DwBytes;

    private ulong CheckRange(ulong address, long bytes)
    {
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "a transfer cannot have a negative length");
        // The last page is refused too, so that the boundary after any byte is representable.
        if (address > ulong.MaxValue - Page - (ulong)bytes)
            throw new ArgumentOutOfRangeException(nameof(address), address, "the transfer runs into the last page of the 64-bit address space");
        ulong end = address + (ulong)bytes;
        if (!_address64 && end > FourGiB)
            throw new ArgumentOutOfRangeException(nameof(address), address, "a device without 64-bit addressing reaches only the first 4 GiB");
        return end;
    }

    private static long Ceiling(long bytes, long limit) => (bytes + limit - 1) / limit;
}
