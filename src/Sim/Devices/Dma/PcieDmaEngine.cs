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
    private readonly DmaPathTiming _t;
    private readonly RandomStream _cache;
    private readonly RetireTimeline _buffer;
    private long _upFreePs;
    private long _downFreePs;
    private long _issueFreePs;
    private long _upBusyPs;
    private long _downBusyPs;
    private long _windowStartPs;

    /// <summary>Creates the engine of the device with requester id <paramref name="requesterId"/>.</summary>
    /// <param name="simulation">The simulation.</param>
    /// <param name="iommu">The unit translating the device's DMA; null when untranslated.</param>
    /// <param name="requesterId">The PCIe requester id the IOMMU sees.</param>
    /// <param name="timing">The link's and root port's numbers.</param>
    /// <param name="cache">Draws whether data is placed in (or read from) the last-level cache.</param>
    public PcieDmaEngine(Simulation simulation, TranslationUnit? iommu, ushort requesterId, DmaPathTiming timing, RandomStream cache)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(cache);
        if (timing.WriteBufferLines < timing.MaxPayload / 64 + 1)
            throw new ArgumentOutOfRangeException(nameof(timing), $"{timing.WriteBufferLines} write-buffer lines cannot hold one {timing.MaxPayload} B TLP");
        _sim = simulation;
        _iommu = iommu;
        _requesterId = requesterId;
        _t = timing;
        _cache = cache;
        _buffer = new RetireTimeline(timing.WriteBufferLines);
        for (int i = _freeWalks.Length - 1; i >= 0; i--) _freeWalks[_freeWalkCount++] = i;
        InitWrites();
        InitReads();
    }

    /// <summary>The numbers the engine runs with.</summary>
    public DmaPathTiming Timing => _t;

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
    public double UpstreamUtilisation => Utilisation(_upBusyPs, _upFreePs);

    /// <summary>Fraction of the time since the window started that the downstream link was busy.</summary>
    public double DownstreamUtilisation => Utilisation(_downBusyPs, _downFreePs);

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
        IotlbHits = IotlbMisses = BytesWritten = BytesRead = UpstreamTlps = DownstreamTlps = 0;
        TranslationLatency.Reset();
        long now = _sim.Now.Picoseconds;
        _buffer.Prune(now);
        _buffer.ResetStatistics();
        // Busy time already booked beyond now belongs to the new window.
        _upBusyPs = Math.Max(0, _upFreePs - now);
        _downBusyPs = Math.Max(0, _downFreePs - now);
        _windowStartPs = now;
        ResetReadStatistics();
    }

    /// <inheritdoc/>
    public void OnTranslated(in Translation translation, long token)
    {
        Count(translation);
        var p = _walks[(int)token];
        _freeWalks[_freeWalkCount++] = (int)token;
        long translatedPs = _sim.Now.Picoseconds + p.OffsetPs;
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

    private Walk[] _walks = new Walk[16];
    private int[] _freeWalks = new int[16];
    private int _freeWalkCount;

    private int RentWalk(in Walk walk)
    {
        if (_freeWalkCount == 0)
        {
            int old = _walks.Length;
            Array.Resize(ref _walks, old * 2);
            Array.Resize(ref _freeWalks, old * 2);
            for (int i = 2 * old - 1; i >= old; i--) _freeWalks[_freeWalkCount++] = i;
        }
        int k = _freeWalks[--_freeWalkCount];
        _walks[k] = walk;
        return k;
    }

    // Looks up the translation of the piece at address; true with its latency when the answer is at hand.
    private bool Lookup(ulong address, AccessKind access, in Walk pending, out long latencyPs, out bool succeeded)
    {
        int k = RentWalk(pending);
        if (_iommu!.Translate(new TranslationRequest(_requesterId, address, access), this, k, out var done))
        {
            _freeWalks[_freeWalkCount++] = k;
            Count(done);
            latencyPs = done.Latency.Total.Picoseconds;
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
            case TranslationSource.PageWalk or TranslationSource.SharedWalk: IotlbMisses++; break;
        }
        TranslationLatency.Record(translation.Latency.Total.Picoseconds);
    }

    private double Utilisation(long busyPs, long freePs)
    {
        long now = _sim.Now.Picoseconds;
        long window = now - _windowStartPs;
        if (window <= 0) return 0;
        // Busy time booked beyond now (TLPs queued on the virtual clock) is not yet spent.
        long spent = busyPs - Math.Max(0, freePs - now);
        return Math.Clamp((double)spent / window, 0, 1);
    }

    // The upstream link as a FIFO server: returns when the last byte of the TLPs has crossed.
    private long TransmitUp(long atPs, long wireBytes)
    {
        long start = atPs > _upFreePs ? atPs : _upFreePs;
        long busy = (long)Math.Round(wireBytes * _t.UpstreamPsPerByte);
        _upFreePs = start + busy;
        _upBusyPs += busy;
        return _upFreePs;
    }

    private long TransmitDown(long atPs, long wireBytes)
    {
        long start = atPs > _downFreePs ? atPs : _downFreePs;
        long busy = (long)Math.Round(wireBytes * _t.DownstreamPsPerByte);
        _downFreePs = start + busy;
        _downBusyPs += busy;
        return _downFreePs;
    }

    // The device's DMA engine starts at most one transaction per issue interval.
    private long IssueAt(long atPs)
    {
        long at = atPs > _issueFreePs ? atPs : _issueFreePs;
        _issueFreePs = at + _t.IssueIntervalPs;
        return at;
    }
}
