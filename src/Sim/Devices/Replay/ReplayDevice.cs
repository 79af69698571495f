using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Devices.Replay;

/// <summary>
/// Replays a trace (<see cref="ReplaySpec"/>): each record at its recorded time, scaled by the speed. A read or write
/// is a DMA through the device's PCIe engine at this model's IOVA for the trace's address (split at the trace's 4 KiB
/// pages); a map or unmap is a DMA API call on the device's CPU, strict or lazy as the host is.
/// </summary>
/// <remarks>Records are read as they are replayed, one ahead: memory stays flat however long the trace.</remarks>
public sealed class ReplayDevice : IWorkloadDevice, IDmaClient, IPostedWriteClient
{
    private const int PageShift = 12;
    private const ulong PageMask = 4095;

    private static readonly Action<object?> Due = static s => ((ReplayDevice)s!).OnDue();
    private static readonly Action<object?, long> CpuForMap = static (s, k) => ((ReplayDevice)s!).OnCpu(k);
    private static readonly Action<object?, long> Released = static (s, range) => ((ReplayDevice)s!).OnMapReturned((ulong)range);
    private static readonly Action<object?, long> Unmapped = static (s, startPs) => ((ReplayDevice)s!).OnUnmapped(startPs);

    private readonly Simulation _sim;
    private readonly ReplaySpec _spec;
    private readonly ReplaySource _source;
    private readonly PcieDmaEngine _engine;
    private readonly DmaApi _dma;
    private readonly DmaDevice _device;
    private readonly HostCpu _cpu;
    private readonly Dictionary<ulong, ulong> _premapped;
    // A trace IOVA may be mapped again while this model still waits to unmap its last mapping, so each map record
    // is a mapping of its own, by id; a page belongs to the latest mapping over it.
    private readonly Dictionary<ulong, ulong> _currentMapping = [];
    private readonly Dictionary<ulong, (ulong Address, ulong Mapping)> _mappedPages = [];
    private readonly Dictionary<ulong, (ulong Iova, ulong Size)> _ranges = [];
    private readonly Dictionary<ulong, ulong> _pendingPages = [];
    private readonly Dictionary<ulong, ulong> _pageRange = [];
    private readonly Dictionary<ulong, int> _inFlight = [];
    private readonly Dictionary<ulong, (DmaTraceDirection Kind, ulong Mapping, ulong Iova, ulong Size, ulong Paddr)> _parkedUnmaps = [];
    private ulong _nextMapping;
    private readonly ulong[] _dmaRange = new ulong[1 << 16];
    private readonly Dictionary<ulong, List<(bool Write, ulong Piece, ulong Length, long StartPs)>> _deferred = [];
    private readonly ulong _physicalBase;
    private readonly long[] _dmaStart = new long[1 << 16];
    private readonly int[] _pendingBytes = new int[1 << 16];
    private long _dmaNext;
    private long _firstPs;
    private long _baseOffsetPs;
    private long _lastPs;
    private (SimTime Time, DmaTraceDirection Kind, ulong Iova, ulong Size, ulong Paddr) _record;
    private readonly Queue<(DmaTraceDirection Kind, ulong Mapping, ulong Iova, ulong Size, ulong Paddr)> _cpuWork = new();
    private long _records;
    private long _dmas;
    private long _dmasDone;
    private long _bytes;
    private long _maps;
    private long _unmaps;
    private long _unmatched;
    private long _unmappedDmas;
    private long _faults;
    private long _mapFailures;

    internal ReplayDevice(Simulation simulation, ReplaySpec spec, ReplaySource source, PcieDmaEngine engine, DmaApi dma, DmaDevice device,
        HostCpu cpu, Dictionary<ulong, ulong> premapped, ulong physicalBase)
    {
        _sim = simulation;
        _spec = spec;
        _source = source;
        _engine = engine;
        _dma = dma;
        _device = device;
        _cpu = cpu;
        _premapped = premapped;
        _physicalBase = physicalBase;
        Latencies = [new("dma", DmaLatency), new("map", MapLatency), new("unmap", UnmapLatency), new("translation", engine.TranslationLatency)];
    }

    /// <inheritdoc/>
    public string Name => _spec.Name;

    /// <inheritdoc/>
    public int Cpu => _cpu.Index;

    /// <summary>From a DMA record's time until its data has moved, in picoseconds.</summary>
    public LogLinearHistogram DmaLatency { get; } = new();

    /// <summary>The CPU time of each map call, in picoseconds.</summary>
    public LogLinearHistogram MapLatency { get; } = new();

    /// <summary>From an unmap call until it returned (a strict unmap waits for its invalidation), in picoseconds.</summary>
    public LogLinearHistogram UnmapLatency { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyList<DeviceLatency> Latencies { get; }

    /// <inheritdoc/>
    /// <remarks>A request is a trace record; completed counts the DMAs done and the maps and unmaps made.</remarks>
    public DeviceCounters Counters => new(_records, _dmasDone + _maps + _unmaps, _faults + _unmatched + _unmappedDmas + _mapFailures,
        _mapFailures, 0, _engine.IotlbHits, _engine.IotlbMisses, _bytes, 0);

    /// <inheritdoc/>
    public IReadOnlyList<DeviceFigure> Figures() =>
    [
        new("records", _records), new("dmas", _dmas), new("maps", _maps), new("unmaps", _unmaps),
        new("unmatched_unmaps", _unmatched), new("dmas_outside_maps", _unmappedDmas), new("faults", _faults),
        new("pcie_up_util", _engine.UpstreamUtilisation), new("pcie_down_util", _engine.DownstreamUtilisation),
    ];

    /// <inheritdoc/>
    public void Start()
    {
        if (!_source.Next(out var t, out var kind, out var iova, out var size, out var paddr)) return;
        _firstPs = t.Picoseconds;
        _baseOffsetPs = _sim.Now.Picoseconds;
        _record = (t, kind, iova, size, paddr);
        Schedule();
    }

    /// <inheritdoc/>
    public void ResetStatistics()
    {
        _records = _dmas = _dmasDone = _bytes = _maps = _unmaps = _unmatched = _unmappedDmas = _faults = _mapFailures = 0;
        DmaLatency.Reset();
        MapLatency.Reset();
        UnmapLatency.Reset();
        _engine.ResetStatistics();
    }

    private void Schedule()
    {
        long due = _baseOffsetPs + _spec.Trace.ScaledOffset(new SimTime(_record.Time.Picoseconds - _firstPs)).Picoseconds;
        _sim.Schedule(new SimTime(Math.Max(0, due - _sim.Now.Picoseconds)), Due, this);
    }

    private void OnDue()
    {
        var r = _record;
        _records++;
        _lastPs = r.Time.Picoseconds;
        if (r.Kind is DmaTraceDirection.Read or DmaTraceDirection.Write) Dma(r.Kind == DmaTraceDirection.Write, r.Iova, r.Size);
        else
        {
            ulong mapping;
            if (r.Kind == DmaTraceDirection.Map)
            {
                // DMAs into a range the trace has mapped wait for this model's map, which may lag behind on a busy CPU.
                mapping = ++_nextMapping;
                _currentMapping[r.Iova] = mapping;
                for (ulong p = r.Iova >> PageShift, last = (r.Iova + r.Size - 1) >> PageShift; p <= last; p++)
                {
                    _pendingPages[p] = mapping;
                    _pageRange[p] = mapping;
                }
            }
            else if (!_currentMapping.Remove(r.Iova, out mapping))
            {
                // Unmapping what the trace never mapped (it began after the map): nothing to undo.
                _unmatched++;
                mapping = 0;
            }
            if (mapping != 0)
            {
                _cpuWork.Enqueue((r.Kind, mapping, r.Iova, r.Size, r.Paddr));
                _cpu.Acquire(CpuContext.Task, CpuForMap, this, 0);
            }
        }
        if (_source.Next(out var t, out var kind, out var iova, out var size, out var paddr))
        {
            _record = (t, kind, iova, size, paddr);
            Schedule();
        }
        else if (_spec.Trace.Loop)
        {
            // Again from the top, shifted by the trace's length (its first to its last record).
            _source.Reopen();
            _baseOffsetPs += _spec.Trace.ScaledOffset(new SimTime(_lastPs - _firstPs)).Picoseconds + 1;
            if (_source.Next(out t, out kind, out iova, out size, out paddr))
            {
                _record = (t, kind, iova, size, paddr);
                Schedule();
            }
        }
    }

    // A DMA record: split at the trace's pages, each piece at this model's address for it.
    private void Dma(bool write, ulong iova, ulong size)
    {
        ulong end = iova + size;
        for (ulong piece = iova; piece < end; piece = (piece | PageMask) + 1)
        {
            ulong pieceEnd = Math.Min(end, (piece | PageMask) + 1);
            ulong page = piece >> PageShift;
            if (_pendingPages.TryGetValue(page, out ulong range))
            {
                if (!_deferred.TryGetValue(range, out var waiting)) _deferred[range] = waiting = [];
                waiting.Add((write, piece, pieceEnd - piece, _sim.Now.Picoseconds));
                Hold(range, +1);
                continue;
            }
            ulong ours;
            if (_mappedPages.TryGetValue(page, out var mapped)) ours = mapped.Address;
            else if (!_premapped.TryGetValue(page, out ours))
            {
                _unmappedDmas++;
                continue;
            }
            ulong owner = _pageRange.TryGetValue(page, out ulong r) ? r : 0;
            if (owner != 0) Hold(owner, +1);
            Issue(write, ours + (piece & PageMask), (int)(pieceEnd - piece), _sim.Now.Picoseconds, owner);
        }
    }

    // DMAs in flight into a range the trace mapped: its unmap waits until they are done, as a driver unmaps a
    // buffer only once the device is finished with it.
    private void Hold(ulong range, int change)
    {
        _inFlight.TryGetValue(range, out int n);
        n += change;
        if (n > 0)
        {
            _inFlight[range] = n;
            return;
        }
        _inFlight.Remove(range);
        if (_parkedUnmaps.Remove(range, out var unmap))
        {
            _cpuWork.Enqueue(unmap);
            _cpu.Acquire(CpuContext.Task, CpuForMap, this, 0);
        }
    }

    private void Issue(bool write, ulong address, int bytes, long startPs, ulong range)
    {
        {
            long token = _dmaNext++;
            _dmaStart[token & (_dmaStart.Length - 1)] = startPs;
            _dmaRange[token & (_dmaStart.Length - 1)] = range;
            _dmas++;
            if (write)
            {
                var status = _engine.TryWrite(address, bytes, this, token, interrupt: false, out var timing);
                if (status == WriteStatus.Retired) WriteDone(token, timing, bytes);
                else _pendingBytes[token & (_dmaStart.Length - 1)] = bytes;
            }
            else
            {
                _pendingBytes[token & (_dmaStart.Length - 1)] = bytes;
                _engine.Read(address, bytes, this, token);
            }
        }
    }

    private void WriteDone(long token, in WriteTiming timing, int bytes)
    {
        ulong range = _dmaRange[token & (_dmaStart.Length - 1)];
        if (range != 0) Hold(range, -1);
        if (timing.Faulted)
        {
            _faults++;
            return;
        }
        _dmasDone++;
        _bytes += bytes;
        DmaLatency.Record(timing.InMemoryPs - _dmaStart[token & (_dmaStart.Length - 1)]);
    }

    void IDmaClient.OnDmaDone(long token, in DmaOutcome outcome)
    {
        ulong range = _dmaRange[token & (_dmaStart.Length - 1)];
        if (range != 0) Hold(range, -1);
        if (outcome.Faulted)
        {
            _faults++;
            return;
        }
        _dmasDone++;
        _bytes += _pendingBytes[token & (_dmaStart.Length - 1)];
        DmaLatency.Record(_sim.Now.Picoseconds - _dmaStart[token & (_dmaStart.Length - 1)]);
    }

    void IPostedWriteClient.OnWriteDrained(long token, long drainedPs) { }

    void IPostedWriteClient.OnWriteRetired(long token, in WriteTiming timing) =>
        WriteDone(token, timing, _pendingBytes[token & (_dmaStart.Length - 1)]);

    // A map or unmap record's turn on the CPU.
    private void OnCpu(long _)
    {
        var (kind, mapping, iova, size, paddr) = _cpuWork.Dequeue();
        if (kind == DmaTraceDirection.Map)
        {
            // ftrace gives the physical address; a CSV map does not, so its pages get one of the device's own.
            ulong physical = paddr != 0 ? paddr : _physicalBase + (iova & ((1UL << 30) - 1));
            bool ok = _dma.TryMapSingle(_device, _cpu.Index, physical, size, DmaDataDirection.Bidirectional, out ulong ours, out var cost);
            for (ulong p = iova >> PageShift, last = (iova + size - 1) >> PageShift; p <= last; p++)
            {
                if (ok) _mappedPages[p] = ((ours & ~PageMask) + ((p - (iova >> PageShift)) << PageShift), mapping);
                if (_pendingPages.TryGetValue(p, out ulong pending) && pending == mapping) _pendingPages.Remove(p);
            }
            if (ok)
            {
                _maps++;
                MapLatency.Record(cost.Picoseconds);
                _ranges[mapping] = (ours, size);
            }
            else _mapFailures++;
            _sim.Schedule(cost, Released, this, (long)mapping);
            return;
        }
        if (_inFlight.ContainsKey(mapping))
        {
            _parkedUnmaps[mapping] = (kind, mapping, iova, size, paddr);
            _cpu.Release();
            return;
        }
        if (!_ranges.Remove(mapping, out var range))
        {
            // Its map failed: nothing to undo.
            _cpu.Release();
            return;
        }
        for (ulong p = iova >> PageShift, last = (iova + size - 1) >> PageShift; p <= last; p++)
        {
            if (_mappedPages.TryGetValue(p, out var m) && m.Mapping == mapping) _mappedPages.Remove(p);
            if (_pageRange.TryGetValue(p, out ulong owner) && owner == mapping) _pageRange.Remove(p);
        }
        _dma.UnmapSingle(_device, _cpu.Index, range.Iova, range.Size, DmaDataDirection.Bidirectional, Unmapped, this, _sim.Now.Picoseconds);
    }

    // The map call returned: the DMAs that waited for it go, timed from their records.
    private void OnMapReturned(ulong range)
    {
        _cpu.Release();
        if (!_deferred.Remove(range, out var waiting)) return;
        foreach (var (write, piece, length, startPs) in waiting)
        {
            ulong page = piece >> PageShift;
            if (_mappedPages.TryGetValue(page, out var mapped)) Issue(write, mapped.Address + (piece & PageMask), (int)length, startPs, range);
            else
            {
                _unmappedDmas++;
                Hold(range, -1);
            }
        }
    }

    private void OnUnmapped(long startPs)
    {
        _unmaps++;
        UnmapLatency.Record(_sim.Now.Picoseconds - startPs);
        _cpu.Release();
    }
}
