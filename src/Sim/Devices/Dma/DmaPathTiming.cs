namespace IommuSim.Devices;

/// <summary>
/// The numbers a <see cref="PcieDmaEngine"/> needs of its path to memory, computed once from the link's and the root
/// complex's parameters: how TLPs are split and how many bytes each costs on the wire, how fast each direction of the
/// link carries them, and how long the root port takes to retire a write or serve a read.
/// </summary>
public readonly record struct DmaPathTiming
{
    /// <summary>Max Payload Size: the largest write or completion payload in one TLP, in bytes.</summary>
    public required int MaxPayload { get; init; }

    /// <summary>Max Read Request Size: the largest read one request TLP asks for, in bytes.</summary>
    public required int MaxReadRequest { get; init; }

    /// <summary>Read Completion Boundary: completions split at multiples of it, in bytes.</summary>
    public required int ReadCompletionBoundary { get; init; }

    /// <summary>Wire bytes of a write TLP besides its payload (framing, data-link layer, header, ECRC).</summary>
    public required int WriteOverheadBytes { get; init; }

    /// <summary>Wire bytes of a read request TLP (it carries no payload).</summary>
    public required int ReadRequestBytes { get; init; }

    /// <summary>Wire bytes of a completion TLP besides its payload.</summary>
    public required int CompletionOverheadBytes { get; init; }

    /// <summary>Picoseconds per wire byte upstream (device to root complex), after encoding, DLLPs and SKIP ordered sets.</summary>
    public required double UpstreamPsPerByte { get; init; }

    /// <summary>Picoseconds per wire byte downstream (root complex to device).</summary>
    public required double DownstreamPsPerByte { get; init; }

    /// <summary>One-way fixed latency from the device's DMA engine to the root port's buffer (and back), in picoseconds.</summary>
    public required long OneWayLatencyPs { get; init; }

    /// <summary>Least time between two DMA transactions the device's engine starts, in picoseconds (0: no limit).</summary>
    public required long IssueIntervalPs { get; init; }

    /// <summary>Outstanding non-posted reads the device may have (tags, bounded by the root port's read entries).</summary>
    public required int ReadSlots { get; init; }

    /// <summary>Cache-line credits of the root port's posted-write buffer.</summary>
    public required int WriteBufferLines { get; init; }

    /// <summary>From a write TLP's arrival (and translation) until it retires to DRAM, in picoseconds.</summary>
    public required long MemoryWritePs { get; init; }

    /// <summary>Until it retires into the last-level cache's I/O ways (DDIO), in picoseconds.</summary>
    public required long CacheWritePs { get; init; }

    /// <summary>Probability a write's data is placed in the last-level cache (DDIO); 0 when DDIO is off.</summary>
    public required double CacheWriteProbability { get; init; }

    /// <summary>From a read's translation until its data is ready in the root port, from DRAM, in picoseconds.</summary>
    public required long MemoryReadPs { get; init; }

    /// <summary>Likewise, from the last-level cache, in picoseconds.</summary>
    public required long CacheReadPs { get; init; }

    /// <summary>Probability a read hits the last-level cache (recently written by the CPU or placed there by DDIO).</summary>
    public required double CacheReadProbability { get; init; }
}
