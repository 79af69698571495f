using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;
using IommuSim.Model.Spec;

namespace IommuSim.Devices;

/// <summary>
/// The generic <c>dma-stream</c> device (<see cref="DmaStreamSpec"/>): requests at a constant or Poisson
/// rate over a working set of mapped buffers. A request is split at 4 KiB boundaries, because a PCIe
/// request never crosses one (PCIe Base Spec, §2.2.7); each piece is translated by the IOMMU, all in
/// parallel, and the data reaches memory one memory latency after the last translation. Then the device
/// raises its completion interrupt (MSI-X vector 0). With per-request mapping the driver maps the buffer
/// before the DMA (its CPU time delays the DMA) and unmaps it after the interrupt.
/// </summary>
/// <remarks>
/// Splitting into Max-Payload-Size TLPs is the PCIe model's job and comes with it; until then one
/// translation per 4 KiB piece is the finest granularity the device can know. The steady state
/// allocates nothing: in-flight requests live in a slot array indexed by the translation token.
/// </remarks>
public sealed class DmaStreamDevice : ITranslationClient
{
    private const ulong Boundary = 4096;

    private struct InFlight
    {
        public ulong Address;
        public ulong Offset;
        public long StartPs;
        public long LatestEndPs;
        public int Pending;
        public int Bytes;
        public bool Issuing;
        public bool Faulted;
    }

    private static readonly Action<object?> Arrive = static s => ((DmaStreamDevice)s!).OnArrival();
    private static readonly Action<object?, long> Finish = static (s, slot) => ((DmaStreamDevice)s!).OnDataWritten((int)slot);
    private static readonly Action<object?, long> Mapped = static (s, slot) => ((DmaStreamDevice)s!).StartDma((int)slot);
    private static readonly Action<object?> CpuFree = static s => ((DmaStreamDevice)s!).OnCpuFree();

    private readonly Simulation _sim;
    private readonly DmaStreamSpec _spec;
    private readonly DmaStreamPorts _ports;
    private readonly TranslationUnit? _iommu;
    private readonly ushort _requesterId;
    private readonly ulong[] _chunks;
    private readonly int _chunkShift;
    private readonly DmaDataDirection _direction;
    private readonly AccessKind _access;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _sizes;
    private readonly RandomStream _buffers;
    private readonly ZipfSampler? _zipf;
    private readonly double _meanGapPs;
    private InFlight[] _slots = new InFlight[64];
    private int[] _free = new int[64];
    private int _freeCount;
    private long _nextSequential;
    private readonly Queue<int> _awaitingCpu = new();
    private bool _cpuWakeScheduled;

    /// <summary>Creates the device; call <see cref="Start"/> to begin issuing.</summary>
    /// <param name="simulation">The simulation.</param>
    /// <param name="spec">The workload.</param>
    /// <param name="ports">What the device is connected to.</param>
    /// <param name="streams">The device's random-stream family.</param>
    public DmaStreamDevice(Simulation simulation, DmaStreamSpec spec, DmaStreamPorts ports, RandomStreams streams)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(streams);
        if (spec.Mapping == BufferMapping.PerRequest && (ports.Dma is null || ports.DmaDevice is null))
            throw new ArgumentException($"{spec.Name} maps per request but has no DMA API", nameof(ports));
        if (spec.Mapping == BufferMapping.PreMapped && ports.ChunkAddresses.Count == 0)
            throw new ArgumentException($"{spec.Name} is pre-mapped but has no mapped chunks", nameof(ports));
        _sim = simulation;
        _spec = spec;
        _ports = ports;
        _iommu = ports.Iommu;
        _requesterId = ports.RequesterId;
        _chunks = [.. ports.ChunkAddresses];
        _chunkShift = System.Numerics.BitOperations.Log2(ports.ChunkSize);
        _direction = spec.Direction == DmaDirection.Write ? DmaDataDirection.FromDevice : DmaDataDirection.ToDevice;
        _access = spec.Direction == DmaDirection.Write ? AccessKind.Write : AccessKind.Read;
        _arrivals = streams.Get("arrivals");
        _sizes = streams.Get("sizes");
        _buffers = streams.Get("buffers");
        if (spec.Access == AccessPattern.Zipf) _zipf = new ZipfSampler(_buffers, spec.Buffers, spec.ZipfExponent);
        _meanGapPs = MeanSizeBytes(spec) * 8.0 / spec.Rate.BitsPerSecond * SimTime.PsPerS;
        for (int i = _free.Length - 1; i >= 0; i--) _free[_freeCount++] = i;
    }

    /// <summary>The device's name.</summary>
    public string Name => _spec.Name;

    /// <summary>Requests issued (including those still in flight or aborted).</summary>
    public long Issued { get; private set; }

    /// <summary>Requests whose data reached memory.</summary>
    public long Completed { get; private set; }

    /// <summary>Requests aborted by an IO page fault.</summary>
    public long Aborted { get; private set; }

    /// <summary>Payload bytes of completed requests.</summary>
    public long BytesCompleted { get; private set; }

    /// <summary>Request to data-in-memory latency of completed requests, in picoseconds.</summary>
    public LogLinearHistogram DmaLatency { get; } = new();

    /// <summary>Translation latency of each 4 KiB piece, in picoseconds.</summary>
    public LogLinearHistogram TranslationLatency { get; } = new();

    /// <summary>Completion-interrupt delivery latency, in picoseconds.</summary>
    public LogLinearHistogram InterruptLatency { get; } = new();

    /// <summary>Completion interrupts raised.</summary>
    public long Interrupts { get; private set; }

    /// <summary>Per-request maps that failed (IOVA space or SWIOTLB slots exhausted); those requests are dropped.</summary>
    public long MapFailures { get; private set; }

    /// <summary>Mean request size in bytes: the fixed size, or the midpoint of the uniform range.</summary>
    public static double MeanSizeBytes(DmaStreamSpec spec) =>
        spec.SizeMax.Bytes > 0 ? (spec.Size.Bytes + spec.SizeMax.Bytes) / 2.0 : spec.Size.Bytes;

    /// <summary>Schedules the first request one interarrival gap from now.</summary>
    public void Start() => _sim.Schedule(NextGap(), Arrive, this);

    /// <summary>Clears counters and histograms (end of warm-up); requests in flight still complete.</summary>
    public void ResetStatistics()
    {
        Issued = Completed = Aborted = BytesCompleted = Interrupts = MapFailures = 0;
        DmaLatency.Reset();
        TranslationLatency.Reset();
        InterruptLatency.Reset();
    }

    private SimTime NextGap() => _spec.Arrival == ArrivalProcess.Poisson
        ? new SimTime((long)Math.Round(_arrivals.NextExponential(_meanGapPs)))
        : new SimTime((long)Math.Round(_meanGapPs));

    private long NextBuffer() => _spec.Access switch
    {
        AccessPattern.Sequential => _nextSequential++ % _spec.Buffers,
        AccessPattern.Uniform => _buffers.NextInt(_spec.Buffers),
        _ => _zipf!.Next() - 1,
    };

    private int NextSize()
    {
        long lo = _spec.Size.Bytes;
        if (_spec.SizeMax.Bytes <= lo) return (int)lo;
        return (int)(lo + _sizes.NextInt64(_spec.SizeMax.Bytes - lo + 1));
    }

    private void OnArrival()
    {
        _sim.Schedule(NextGap(), Arrive, this);
        Issued++;
        int bytes = NextSize();
        ulong offset = (ulong)NextBuffer() * _ports.Stride;
        int slot = Rent();
        ref var f = ref _slots[slot];
        long now = _sim.Now.Picoseconds;
        f = new InFlight { StartPs = now, LatestEndPs = now, Bytes = bytes, Offset = offset };
        if (_spec.Mapping == BufferMapping.PreMapped)
        {
            f.Address = _chunks[(int)(offset >> _chunkShift)] + (offset & (_ports.ChunkSize - 1));
            StartDma(slot);
            return;
        }
        // The driver's CPU takes requests in order: the map call (and its IOVA allocation) happens when the
        // CPU gets to it, not at arrival, so an overloaded CPU does not allocate IOVAs ahead of its unmaps.
        _awaitingCpu.Enqueue(slot);
        if (!_cpuWakeScheduled) OnCpuFree();
    }

    private void OnCpuFree()
    {
        _cpuWakeScheduled = false;
        var dma = _ports.Dma!;
        var cpus = dma.Cpus;
        while (_awaitingCpu.Count > 0)
        {
            var busyUntil = cpus.BusyUntil(_ports.Cpu);
            if (busyUntil > _sim.Now)
            {
                _cpuWakeScheduled = true;
                _sim.Schedule(busyUntil - _sim.Now, CpuFree, this);
                return;
            }
            int slot = _awaitingCpu.Dequeue();
            ref var f = ref _slots[slot];
            // dma_map_single; the device sees the address only when the call returns.
            if (!dma.TryMapSingle(_ports.DmaDevice!, _ports.Cpu, _ports.PhysicalBase + f.Offset, (ulong)f.Bytes, _direction,
                    out ulong address, out var completesAt))
            {
                MapFailures++;
                Aborted++;
                Return(slot);
                continue;
            }
            f.Address = address;
            _sim.Schedule(completesAt - _sim.Now, Mapped, this, slot);
        }
    }

    private void StartDma(int slot)
    {
        ref var f = ref _slots[slot];
        long now = _sim.Now.Picoseconds;
        f.LatestEndPs = now;
        f.Issuing = true;
        if (_iommu is not null)
        {
            ulong end = f.Address + (ulong)f.Bytes;
            for (ulong piece = f.Address; piece < end; piece = (piece & ~(Boundary - 1)) + Boundary)
            {
                f.Pending++;
                var request = new TranslationRequest(_requesterId, piece, _access);
                if (_iommu.Translate(request, this, slot, out var done))
                    Account(slot, done, now + done.Latency.Total.Picoseconds);
            }
        }
        // Translate never calls back synchronously, so no slot was rented meanwhile and f is still valid.
        f.Issuing = false;
        if (f.Pending == 0) Conclude(slot);
    }

    /// <inheritdoc/>
    public void OnTranslated(in Translation translation, long token)
    {
        int slot = (int)token;
        Account(slot, translation, _sim.Now.Picoseconds);
        ref var f = ref _slots[slot];
        if (f.Pending == 0 && !f.Issuing) Conclude(slot);
    }

    private void Account(int slot, in Translation translation, long endPs)
    {
        ref var f = ref _slots[slot];
        f.Pending--;
        TranslationLatency.Record(translation.Latency.Total.Picoseconds);
        if (!translation.Succeeded) f.Faulted = true;
        if (endPs > f.LatestEndPs) f.LatestEndPs = endPs;
    }

    private void Conclude(int slot)
    {
        ref var f = ref _slots[slot];
        if (f.Faulted)
        {
            // The IOMMU aborts the request: no data moves (IOMMU-NOTES §4 faults).
            Aborted++;
            Unmap(slot);
            Return(slot);
            return;
        }
        long delay = f.LatestEndPs - _sim.Now.Picoseconds + _ports.DataLatency.Picoseconds;
        _sim.Schedule(new SimTime(delay), Finish, this, slot);
    }

    private void OnDataWritten(int slot)
    {
        ref var f = ref _slots[slot];
        Completed++;
        BytesCompleted += f.Bytes;
        DmaLatency.Record(_sim.Now.Picoseconds - f.StartPs);
        if (_ports.Interrupts is { } interrupts)
        {
            Interrupts++;
            InterruptLatency.Record(interrupts.Deliver(_requesterId, 0).Latency.Total.Picoseconds);
        }
        Unmap(slot);
        Return(slot);
    }

    private void Unmap(int slot)
    {
        if (_spec.Mapping != BufferMapping.PerRequest) return;
        ref var f = ref _slots[slot];
        _ports.Dma!.UnmapSingle(_ports.DmaDevice!, _ports.Cpu, f.Address, (ulong)f.Bytes, _direction);
    }

    private int Rent()
    {
        if (_freeCount == 0)
        {
            int old = _slots.Length;
            Array.Resize(ref _slots, old * 2);
            Array.Resize(ref _free, old * 2);
            for (int i = 2 * old - 1; i >= old; i--) _free[_freeCount++] = i;
        }
        return _free[--_freeCount];
    }

    private void Return(int slot) => _free[_freeCount++] = slot;
}
