using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Devices.Accelerator;

/// <summary>
/// A GPU-like copy engine (<see cref="AcceleratorSpec"/>): it keeps its requests outstanding over the host buffer,
/// walked in order; a request is split at the buffer's IOMMU pages and each piece is a DMA read (to the device) or
/// write (from it) through the PCIe engine, via ATS when the device uses it. A request touching a page that is not
/// resident first waits for the host to resolve its page request (PRI).
/// </summary>
public sealed class AcceleratorDevice : IWorkloadDevice, IDmaClient, IPostedWriteClient
{
    private static readonly Action<object?, long> Resolved = static (s, slot) => ((AcceleratorDevice)s!).Transfer((int)slot);
    private static readonly Action<object?, long> Next = static (s, slot) => ((AcceleratorDevice)s!).Issue((int)slot);

    private struct Request
    {
        public long StartPs;
        public long Offset;
        public int PiecesLeft;
        public long DonePs;
        public long SentPs;
        public bool Write;
        public bool Faulted;
    }

    private readonly Simulation _sim;
    private readonly AcceleratorSpec _spec;
    private readonly PcieDmaEngine _engine;
    private readonly ulong[] _pages;
    private readonly int _pageShift;
    private readonly long[] _residentAt;
    private readonly Request[] _requests;
    private long _next;
    private long _issued;
    private long _completed;
    private long _faults;
    private long _pageRequests;
    private long _bytes;
    private long _sent;

    internal AcceleratorDevice(Simulation simulation, AcceleratorSpec spec, PcieDmaEngine engine, ulong[] pages, bool[] nonResident, int cpu)
    {
        _sim = simulation;
        _spec = spec;
        _engine = engine;
        _pages = pages;
        _pageShift = System.Numerics.BitOperations.Log2((ulong)spec.PageSize.Bytes);
        _residentAt = new long[nonResident.Length];
        for (int k = 0; k < nonResident.Length; k++) _residentAt[k] = nonResident[k] ? -1 : 0;
        _requests = new Request[spec.Outstanding];
        Cpu = cpu;
        Latencies = [new("request", RequestLatency), new("translation", engine.TranslationLatency)];
    }

    /// <inheritdoc/>
    public string Name => _spec.Name;

    /// <inheritdoc/>
    /// <remarks>Its copy engine needs no CPU; page requests are resolved by the host in a fixed latency.</remarks>
    public int Cpu { get; }

    /// <summary>From a request's issue until its data has moved, in picoseconds.</summary>
    public LogLinearHistogram RequestLatency { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyList<DeviceLatency> Latencies { get; }

    /// <inheritdoc/>
    public DeviceCounters Counters => new(_issued, _completed, _faults, 0, 0, _engine.IotlbHits, _engine.IotlbMisses, _bytes, 0);

    /// <inheritdoc/>
    public IReadOnlyList<DeviceFigure> Figures() =>
    [
        new("atc_hits", _engine.AtcHits), new("page_requests", _pageRequests),
        new("translations_per_request", _completed > 0 ? (_engine.AtcHits + _engine.IotlbHits + _engine.IotlbMisses) / (double)_completed : 0),
        new("pcie_up_util", _engine.UpstreamUtilisation), new("pcie_down_util", _engine.DownstreamUtilisation),
        new("credit_util", _engine.CreditUtilisation), new("tag_waits", _engine.TagWaits),
    ];

    /// <inheritdoc/>
    public void Start()
    {
        for (int slot = 0; slot < _requests.Length; slot++) Issue(slot);
    }

    /// <inheritdoc/>
    public void ResetStatistics()
    {
        _issued = _completed = _faults = _pageRequests = _bytes = 0;
        RequestLatency.Reset();
        _engine.ResetStatistics();
    }

    // The next request in buffer order; pages not yet resident first raise their page requests.
    private void Issue(int slot)
    {
        long size = _spec.RequestSize.Bytes;
        if (_next + size > _spec.BufferSize.Bytes) _next = 0;
        ref var r = ref _requests[slot];
        long now = _sim.Now.Picoseconds;
        r = new Request
        {
            StartPs = now, Offset = _next,
            Write = _spec.Direction == CopyDirection.FromDevice || (_spec.Direction == CopyDirection.Both && (_sent++ & 1) == 1),
        };
        _next += size;
        _issued++;
        long ready = now;
        for (long p = r.Offset >> 12, last = (r.Offset + size - 1) >> 12; p <= last; p++)
        {
            if (_residentAt[p] < 0)
            {
                _pageRequests++;
                _residentAt[p] = now + _spec.FaultLatency.Picoseconds;
            }
            ready = Math.Max(ready, _residentAt[p]);
        }
        if (ready > now) _sim.Schedule(new SimTime(ready - now), Resolved, this, slot);
        else Transfer(slot);
    }

    // The request's data moves, one DMA per IOMMU page it spans.
    private void Transfer(int slot)
    {
        ref var r = ref _requests[slot];
        long end = r.Offset + _spec.RequestSize.Bytes, page = 1L << _pageShift;
        r.PiecesLeft = (int)(((end - 1) >> _pageShift) - (r.Offset >> _pageShift) + 1);
        bool write = r.Write;
        for (long piece = r.Offset; piece < end; piece = (piece | (page - 1)) + 1)
        {
            ulong address = _pages[piece >> _pageShift] + (ulong)(piece & (page - 1));
            int bytes = (int)(Math.Min(end, (piece | (page - 1)) + 1) - piece);
            if (write)
            {
                var status = _engine.TryWrite(address, bytes, this, slot, interrupt: false, out var timing);
                if (status != WriteStatus.Blocked) _requests[slot].SentPs = Math.Max(_requests[slot].SentPs, timing.DrainedPs);
                if (status == WriteStatus.Retired) PieceDone(slot, timing.Faulted, timing.InMemoryPs);
            }
            else _engine.Read(address, bytes, this, slot);
        }
    }

    private void PieceDone(int slot, bool faulted, long atPs)
    {
        ref var r = ref _requests[slot];
        r.Faulted |= faulted;
        r.DonePs = Math.Max(r.DonePs, atPs);
        if (--r.PiecesLeft > 0) return;
        if (r.Faulted) _faults++;
        else
        {
            _completed++;
            _bytes += _spec.RequestSize.Bytes;
        }
        RequestLatency.Record(r.DonePs - r.StartPs);
        // A read's slot is free when its data is in; a write's when its last TLP has left (posted writes need no
        // answer), though its data reaches memory later.
        long free = r.Write ? Math.Max(r.SentPs, _sim.Now.Picoseconds + 1) : _sim.Now.Picoseconds;
        if (free > _sim.Now.Picoseconds) _sim.Schedule(new SimTime(free - _sim.Now.Picoseconds), Next, this, slot);
        else Issue(slot);
    }

    void IDmaClient.OnDmaDone(long token, in DmaOutcome outcome) => PieceDone((int)token, outcome.Faulted, _sim.Now.Picoseconds);

    void IPostedWriteClient.OnWriteDrained(long token, long drainedPs) =>
        _requests[(int)token].SentPs = Math.Max(_requests[(int)token].SentPs, drainedPs);

    void IPostedWriteClient.OnWriteRetired(long token, in WriteTiming timing) => PieceDone((int)token, timing.Faulted, timing.InMemoryPs);
}
