using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;
using IommuSim.Pcie;

namespace IommuSim.Devices;

/// <summary>
/// A device's DMA engine behind its PCIe link and root port. Writes are posted: split into TLPs at Max Payload Size,
/// each TLP takes cache-line credits of the root port's write buffer before it goes on the upstream link, is
/// translated (per 4 KiB piece, when its first TLP arrives) and retires to memory in order, freeing its credits. Reads
/// take a tag, send request TLPs upstream, are translated, read memory, and return as completions downstream.
/// </summary>
/// <remarks>
/// <para>Time is computed, not simulated, wherever it can be: each direction of the link is a FIFO server with a
/// virtual clock and the write buffer a <see cref="RetireTimeline"/>, so a transfer's TLPs cost arithmetic, not
/// events. A write waits (and all writes behind it) only when it needs credits that a translation still walking
/// holds; a read costs one event, when its data arrives.</para>
/// <para>A translation is looked up when the device issues the TLP that needs it, and its latency counts from that
/// TLP's arrival at the root port: the IOTLB sees lookups in the order the device issues them.</para>
/// </remarks>
public sealed partial class PcieDmaEngine : ITranslationClient
{
    private const ulong Page = 4096;

    private readonly Simulation _sim;
    private readonly TranslationUnit? _iommu;
    private readonly ushort _requesterId;
    private readonly PcieLink _link;
    private readonly TlpSplitter _tlps;
    private readonly LinkTransmitter _up;
    private readonly LinkTransmitter _down;
    private readonly CreditPool _readLines;
    private readonly RandomStream _cache;
    private readonly RetireTimeline _buffer;
    private readonly ulong _mps;
    private readonly long _largestTlpPs;
    private readonly long _latencyPs;
    private readonly long _issueIntervalPs;
    private readonly long _memoryWritePs;
    private readonly long _cacheWritePs;
    private readonly double _cacheWriteProbability;
    private readonly long _memoryReadPs;
    private readonly long _cacheReadPs;
    private readonly double _cacheReadProbability;
    private long _issueFreePs;
    private long _windowStartPs;

    /// <summary>Creates the engine of the device with requester id <paramref name="requesterId"/>.</summary>
    /// <param name="simulation">The simulation.</param>
    /// <param name="iommu">The unit translating the device's DMA; null when untranslated.</param>
    /// <param name="requesterId">The PCIe requester id the IOMMU sees.</param>
    /// <param name="link">The device's link: its TLP rules, both directions and its tags.</param>
    /// <param name="rootPort">The root port's buffers and the memory behind them; each device has a root port of its own.</param>
    /// <param name="cache">Draws whether data is placed in (or read from) the last-level cache (DDIO).</param>
    /// <exception cref="ArgumentOutOfRangeException">The write buffer cannot hold one TLP of Max Payload Size.</exception>
    public PcieDmaEngine(Simulation simulation, TranslationUnit? iommu, ushort requesterId, PcieLink link, RootComplexParams rootPort,
        RandomStream cache)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(rootPort);
        ArgumentNullException.ThrowIfNull(cache);
        var p = link.Parameters;
        if (rootPort.WriteBufferLines < p.MaxPayload.Bytes / 64 + 1)
            throw new ArgumentOutOfRangeException(nameof(rootPort), $"{rootPort.WriteBufferLines} write-buffer lines cannot hold one {p.MaxPayload} TLP");
        _sim = simulation;
        _iommu = iommu;
        _requesterId = requesterId;
        _link = link;
        _tlps = link.Tlps;
        _up = link.Upstream;
        _down = link.Downstream;
        _cache = cache;
        _buffer = new RetireTimeline(rootPort.WriteBufferLines);
        _readLines = new CreditPool(simulation, rootPort.ReadBufferEntries);
        _mps = (ulong)p.MaxPayload.Bytes;
        _largestTlpPs = _up.Duration(p.MaxPayload.Bytes + _tlps.Header4DwBytes).Picoseconds;
        _latencyPs = p.Latency.Picoseconds;
        _issueIntervalPs = p.DmaRate > 0 ? (long)Math.Round(SimTime.PsPerS / p.DmaRate) : 0;
        _memoryWritePs = rootPort.MemoryWriteLatency.Picoseconds;
        _cacheWritePs = rootPort.LlcWriteLatency.Picoseconds;
        _cacheWriteProbability = rootPort.Ddio ? rootPort.DdioWriteProbability : 0;
        _memoryReadPs = rootPort.MemoryReadLatency.Picoseconds;
        _cacheReadPs = rootPort.LlcReadLatency.Picoseconds;
        _cacheReadProbability = rootPort.Ddio ? rootPort.DdioReadHitProbability : 0;
        _windowStartPs = simulation.Now.Picoseconds;
    }

    /// <summary>The device's link.</summary>
    public PcieLink Link => _link;

    /// <summary>The root port's posted-write buffer.</summary>
    public RetireTimeline WriteBuffer => _buffer;

    /// <summary>
    /// Whether the device translates through ATS: its ATC first, and on a miss a Translation Request to the IOMMU
    /// (honoured when the IOMMU has ATS enabled, <c>platform.iommu.ats.enabled</c>).
    /// </summary>
    public bool UseAts { get; set; }

    /// <summary>Pieces the device's ATC answered (with ATS), counted when translated.</summary>
    public long AtcHits { get; private set; }

    // A Translation Request (a 4DW request, 24 B) up and its completion (one 8 B entry, 28 B) down, over the link.
    private long AtsRoundTripPs => 2 * _latencyPs + _up.Duration(24).Picoseconds + _down.Duration(28).Picoseconds;

    /// <summary>Pieces the IOTLB answered, counted when translated.</summary>
    public long IotlbHits { get; private set; }

    /// <summary>Pieces that needed a page walk (their own or a shared one), counted when translated.</summary>
    public long IotlbMisses { get; private set; }

    /// <summary>Per translated piece, its translation latency, in picoseconds.</summary>
    public LogLinearHistogram TranslationLatency { get; } = new();

    /// <summary>Payload bytes written, counted when issued.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Payload bytes read, counted when the data arrived.</summary>
    public long BytesRead { get; private set; }

    /// <summary>TLPs sent upstream (writes and read requests).</summary>
    public long UpstreamTlps { get; private set; }

    /// <summary>Completion TLPs received downstream.</summary>
    public long DownstreamTlps { get; private set; }

    /// <summary>Fraction of the time since the window started that the upstream link was busy.</summary>
    public double UpstreamUtilisation => _up.Utilisation(_sim.Now);

    /// <summary>Fraction of the time since the window started that the downstream link was busy.</summary>
    public double DownstreamUtilisation => _down.Utilisation(_sim.Now);

    /// <summary>Mean fraction of the root port's write-buffer credits held since the window started.</summary>
    public double CreditUtilisation
    {
        get
        {
            _buffer.Prune(_sim.Now.Picoseconds);
            long window = _sim.Now.Picoseconds - _windowStartPs;
            return window <= 0 ? 0 : _buffer.HeldLinePicoseconds / window / _buffer.Capacity;
        }
    }

    /// <summary>Clears the counters (end of warm-up); transfers in flight still complete.</summary>
    public void ResetStatistics()
    {
        IotlbHits = IotlbMisses = AtcHits = BytesWritten = BytesRead = UpstreamTlps = DownstreamTlps = WriteWaits = 0;
        TranslationLatency.Reset();
        long now = _sim.Now.Picoseconds;
        _buffer.Prune(now);
        _buffer.ResetStatistics();
        _link.ResetStatistics();
        _readLines.ResetStatistics();
        _windowStartPs = now;
        ResetReadStatistics();
    }

    /// <inheritdoc/>
    public void OnTranslated(in Translation translation, long token)
    {
        Count(translation);
        var p = _walks[(int)token];
        _walks.Return((int)token);
        // With ATS, a translation the device's ATC lacks is a Translation Request to the IOMMU and back over the link.
        long translatedPs = _sim.Now.Picoseconds + p.OffsetPs + (UseAts ? AtsRoundTripPs : 0);
        if (p.Read) OnReadTranslated(p.Slot, translatedPs, translation.Succeeded);
        else OnGateTranslated(p, translatedPs, translation.Succeeded);
    }

    // A translation that walks: which transfer waits for it, and how far its TLP's arrival lies beyond the lookup.
    private struct Walk
    {
        public int Slot;
        public bool Read;
        public long OffsetPs;
        public long GateTicket;
        public long WritePs;
    }

    private readonly SlotPool<Walk> _walks = new(16);

    // Looks up the translation of the piece at address; true with its latency when the answer is at hand.
    private bool Lookup(ulong address, AccessKind access, in Walk pending, out long latencyPs, out bool succeeded)
    {
        int k = _walks.Rent();
        _walks[k] = pending;
        if (_iommu!.Translate(new TranslationRequest(_requesterId, address, access, UseAts), this, k, out var done))
        {
            _walks.Return(k);
            Count(done);
            latencyPs = done.Latency.Total.Picoseconds + (UseAts && done.Source != TranslationSource.DeviceAtc ? AtsRoundTripPs : 0);
            succeeded = done.Succeeded;
            return true;
        }
        latencyPs = 0;
        succeeded = true;
        return false;
    }

    private void Count(in Translation translation)
    {
        switch (translation.Source)
        {
            case TranslationSource.Iotlb: IotlbHits++; break;
            case TranslationSource.DeviceAtc: AtcHits++; break;
            case TranslationSource.PageWalk or TranslationSource.SharedWalk: IotlbMisses++; break;
        }
        TranslationLatency.Record(translation.Latency.Total.Picoseconds);
    }

    private long TransmitUp(long atPs, long wireBytes) => _up.Transmit(new SimTime(atPs), wireBytes).Picoseconds;

    private long TransmitDown(long atPs, long wireBytes) => _down.Transmit(new SimTime(atPs), wireBytes).Picoseconds;

    // The device's DMA engine starts at most one transaction per issue interval.
    private long IssueAt(long atPs)
    {
        long at = atPs > _issueFreePs ? atPs : _issueFreePs;
        _issueFreePs = at + _issueIntervalPs;
        return at;
    }
}
