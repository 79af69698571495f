using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;


namespace IommuSim.Devices.DmaStream;

/// <summary>
/// The generic <c>dma-stream</c> device (<see cref="DmaStreamSpec"/>) and its driver: requests at a constant or
/// Poisson rate over a working set of buffers. A request is split at 4 KiB boundaries, because a PCIe request
/// never crosses one (PCIe Base Spec, §2.2.7); each piece is translated by the IOMMU, all in parallel, and the
/// data reaches memory one memory latency after the last translation. Then the device raises its completion
/// interrupt (MSI-X vector 0) and the driver handles it on its CPU.
/// </summary>
/// <remarks>
/// <para>The driver's work holds its CPU (<see cref="HostCpu"/>): before the DMA, the map of a buffer mapped per
/// request (or the bounce copy of a pre-mapped SWIOTLB buffer the device reads); after it, the interrupt handler
/// (with every handler's status-register read on a shared INTx line), then the unmap of a per-request buffer
/// (and the invalidation a strict unmap spins on) or the bounce copy of a pre-mapped buffer the device wrote.
/// A device assigned to a VM has its driver in the guest, whose CPUs are not modelled.</para>
/// <para>Latency parts, per request: <c>queue</c> (waiting for the CPU before the DMA), <c>map</c> (the driver's CPU
/// work before it), <c>translation</c> (from the DMA's start until its last piece is translated) and the memory
/// write make up <c>dma</c>; <c>completion</c> runs from the data in memory until the driver is done with it.</para>
/// <para>Splitting into Max-Payload-Size TLPs is the PCIe model's job and comes with it. The steady state
/// allocates nothing: in-flight requests live in a slot array indexed by the translation token.</para>
/// </remarks>
public sealed class DmaStreamDevice : IWorkloadDevice, IDmaClient
{
    private struct InFlight
    {
        public ulong Address;
        public ulong Offset;
        public long StartPs;
        public long DataAtPs;
        public long CpuWorkPs;
        public int Bytes;
        public bool Faulted;
        public bool Stray;
    }

    private static readonly Action<object?> Arrive = static s => ((DmaStreamDevice)s!).OnArrival();
    private static readonly Action<object?, long> CpuForMap = static (s, slot) => ((DmaStreamDevice)s!).OnCpuForMap((int)slot);
    private static readonly Action<object?, long> Mapped = static (s, slot) => ((DmaStreamDevice)s!).OnMapped((int)slot);
    private static readonly Action<object?, long> InterruptArrived = static (s, slot) => ((DmaStreamDevice)s!).OnInterruptArrived((int)slot);
    private static readonly Action<object?, long> CpuForCompletion = static (s, slot) => ((DmaStreamDevice)s!).OnCpuForCompletion((int)slot);
    private static readonly Action<object?, long> Handled = static (s, slot) => ((DmaStreamDevice)s!).OnHandled((int)slot);
    private static readonly Action<object?, long> Released = static (s, slot) => ((DmaStreamDevice)s!).OnDriverDone((int)slot);

    private readonly Simulation _sim;
    private readonly DmaStreamSpec _spec;
    private readonly DmaStreamPorts _ports;
    private readonly DmaEngine _engine;
    private readonly HostCpu? _cpu;
    private readonly ushort _requesterId;
    private readonly ulong[] _chunks;
    private readonly int _chunkShift;
    private readonly DmaDataDirection _direction;
    private readonly AccessKind _access;
    private readonly bool _perRequest;
    private readonly bool _bouncedPremapped;
    private readonly SimTime _interruptTime;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _sizes;
    private readonly RandomStream _buffers;
    private readonly RandomStream _strays;
    private readonly ZipfSampler? _zipf;
    private readonly double _meanGapPs;
    private readonly TimeWeightedMonitor _inFlight;
    private readonly SlotPool<InFlight> _slots = new(64);
    private long _nextSequential;

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
        _engine = new DmaEngine(simulation, ports.Iommu, ports.RequesterId, ports.DataLatency);
        _requesterId = ports.RequesterId;
        _chunks = [.. ports.ChunkAddresses];
        _chunkShift = System.Numerics.BitOperations.Log2(ports.ChunkSize);
        _direction = spec.Direction == DmaDirection.Write ? DmaDataDirection.FromDevice : DmaDataDirection.ToDevice;
        _access = spec.Direction == DmaDirection.Write ? AccessKind.Write : AccessKind.Read;
        _perRequest = spec.Mapping == BufferMapping.PerRequest;
        if (ports.Dma is { } dma && ports.DmaDevice is not null)
        {
            _cpu = dma.Cpus[ports.Cpu];
            _interruptTime = dma.Parameters.Costs.InterruptTime;
            _bouncedPremapped = !_perRequest && dma.Swiotlb is { } pool && pool.Contains(_chunks[0]);
        }
        _arrivals = streams.Get("arrivals");
        _sizes = streams.Get("sizes");
        _buffers = streams.Get("buffers");
        _strays = streams.Get("strays");
        if (spec.Access == AccessPattern.Zipf) _zipf = new ZipfSampler(_buffers, spec.Buffers, spec.ZipfExponent);
        _meanGapPs = spec.MeanSizeBytes * 8.0 / spec.Rate.BitsPerSecond * SimTime.PsPerS;
        _inFlight = new TimeWeightedMonitor(simulation.Now);
        Latencies =
        [
            new("dma", DmaLatency), new("queue", QueueLatency), new("map", MapLatency), new("translation", TranslationLatency),
            new("interrupt", InterruptLatency), new("completion", CompletionLatency),
        ];
    }

    /// <summary>The device's name.</summary>
    public string Name => _spec.Name;

    /// <summary>The workload.</summary>
    public DmaStreamSpec Spec => _spec;

    /// <summary>Requests issued (including those still in flight or aborted).</summary>
    public long Issued { get; private set; }

    /// <summary>Requests whose data reached memory.</summary>
    public long Completed { get; private set; }

    /// <summary>Requests aborted by an IO page fault or a failed map.</summary>
    public long Aborted { get; private set; }

    /// <summary>Payload bytes of completed requests.</summary>
    public long BytesCompleted { get; private set; }

    /// <summary>Request to data-in-memory latency of completed requests, in picoseconds.</summary>
    public LogLinearHistogram DmaLatency { get; } = new();

    /// <summary>Per request, from its arrival until the CPU took up its map (per-request mapping or bounce copy), in picoseconds.</summary>
    public LogLinearHistogram QueueLatency { get; } = new();

    /// <summary>Per request, the driver's CPU time before the DMA (the map call or a bounce copy), in picoseconds.</summary>
    public LogLinearHistogram MapLatency { get; } = new();

    /// <summary>Per request, from the DMA's start until its last 4 KiB piece was translated, in picoseconds.</summary>
    public LogLinearHistogram TranslationLatency => _engine.TranslationLatency;

    /// <summary>Completion-interrupt delivery latency, in picoseconds.</summary>
    public LogLinearHistogram InterruptLatency { get; } = new();

    /// <summary>From the data in memory until the driver was done with the request (handler, copy, unmap), in picoseconds.</summary>
    public LogLinearHistogram CompletionLatency { get; } = new();

    /// <summary>Completion interrupts raised.</summary>
    public long Interrupts { get; private set; }

    /// <summary>Per-request maps that failed (IOVA space or SWIOTLB slots exhausted); those requests are dropped.</summary>
    public long MapFailures { get; private set; }

    /// <summary>Translations of this device's pieces that the IOTLB answered.</summary>
    public long IotlbHits => _engine.IotlbHits;

    /// <summary>Translations of this device's pieces that needed a page walk (their own or a shared one).</summary>
    public long IotlbMisses => _engine.IotlbMisses;

    /// <summary>Time-averaged number of requests between arrival and data in memory since the window started.</summary>
    public double MeanInFlight => _inFlight.Mean(_sim.Now);

    /// <inheritdoc/>
    public DeviceCounters Counters =>
        new(Issued, Completed, Aborted, MapFailures, Interrupts, IotlbHits, IotlbMisses, BytesCompleted, MeanInFlight);

    /// <inheritdoc/>
    /// <remarks><c>dma</c> and its parts (<c>queue</c>, <c>map</c>, <c>translation</c>; the memory write is constant), then what follows it.</remarks>
    public IReadOnlyList<DeviceLatency> Latencies { get; }

    /// <inheritdoc/>
    public IReadOnlyList<DeviceFigure> Figures() => [];

    /// <summary>Schedules the first request one interarrival gap from now.</summary>
    public void Start() => _sim.Schedule(NextGap(), Arrive, this);

    /// <summary>The host CPU the driver runs on; -1 when the driver is in a VM.</summary>
    public int Cpu => _cpu?.Index ?? -1;

    /// <summary>Clears counters and histograms (end of warm-up); requests in flight still complete.</summary>
    public void ResetStatistics()
    {
        Issued = Completed = Aborted = BytesCompleted = Interrupts = MapFailures = 0;
        _engine.ResetStatistics();
        DmaLatency.Reset();
        QueueLatency.Reset();
        MapLatency.Reset();
        InterruptLatency.Reset();
        CompletionLatency.Reset();
        _inFlight.Reset(_sim.Now);
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
        _inFlight.Increment(_sim.Now);
        int bytes = NextSize();
        ulong offset = (ulong)NextBuffer() * _ports.Stride;
        int slot = _slots.Rent();
        ref var f = ref _slots[slot];
        long now = _sim.Now.Picoseconds;
        // Drawn only when injecting, so that a scenario without strays keeps every other draw.
        f = new InFlight { StartPs = now, Bytes = bytes, Offset = offset, Stray = _spec.StrayFraction > 0 && _strays.NextDouble() < _spec.StrayFraction };
        if (!_perRequest) f.Address = _chunks[(int)(offset >> _chunkShift)] + (offset & (_ports.ChunkSize - 1));
        // The driver's CPU takes requests in order: the map (and its IOVA allocation) happens when the CPU gets
        // to it, not at arrival, so an overloaded CPU does not allocate IOVAs ahead of its unmaps.
        if (_perRequest || (_bouncedPremapped && _direction == DmaDataDirection.ToDevice)) _cpu!.Acquire(CpuContext.Task, CpuForMap, this, slot);
        else StartDma(slot);
    }

    private void OnCpuForMap(int slot)
    {
        ref var f = ref _slots[slot];
        var dma = _ports.Dma!;
        QueueLatency.Record(_sim.Now.Picoseconds - f.StartPs);
        SimTime cost;
        if (_perRequest)
        {
            // dma_map_single; the device sees the address only when the call returns.
            if (!dma.TryMapSingle(_ports.DmaDevice!, _ports.Cpu, _ports.PhysicalBase + f.Offset, (ulong)f.Bytes, _direction,
                    out ulong address, out cost))
            {
                MapFailures++;
                Drop();
                Return(slot);
                _sim.Schedule(cost, Released, this, -1);
                return;
            }
            f.Address = address;
        }
        else cost = dma.SyncForDevice(_ports.DmaDevice!, _ports.Cpu, f.Address, (ulong)f.Bytes, _direction);
        MapLatency.Record(cost.Picoseconds);
        _sim.Schedule(cost, Mapped, this, slot);
    }

    private void OnMapped(int slot)
    {
        _cpu!.Release();
        StartDma(slot);
    }

    private void StartDma(int slot)
    {
        ref var f = ref _slots[slot];
        // A stray request keeps its buffer (the driver still unmaps what it mapped) but the device sends it elsewhere.
        ulong address = f.Stray ? DmaStreamSpec.StrayIova + (f.Address & 0xfff) : f.Address;
        _engine.Start(address, f.Bytes, _access, this, slot);
    }

    /// <inheritdoc/>
    public void OnDmaDone(long token, in DmaOutcome outcome)
    {
        int slot = (int)token;
        ref var f = ref _slots[slot];
        if (outcome.Faulted)
        {
            // The IOMMU aborts the request: no data moves and no completion interrupt comes; the driver
            // unmaps a per-request buffer when it learns of the error.
            f.Faulted = true;
            Drop();
            f.CpuWorkPs = 0;
            if (_perRequest) _cpu!.Acquire(CpuContext.Interrupt, CpuForCompletion, this, slot);
            else Return(slot);
            return;
        }
        OnDataWritten(slot);
    }

    private void OnDataWritten(int slot)
    {
        ref var f = ref _slots[slot];
        long now = _sim.Now.Picoseconds;
        Completed++;
        BytesCompleted += f.Bytes;
        DmaLatency.Record(now - f.StartPs);
        _inFlight.Decrement(_sim.Now);
        f.DataAtPs = now;
        f.CpuWorkPs = 0;
        var toCpu = SimTime.Zero;
        if (_ports.Interrupts is { } interrupts)
        {
            Interrupts++;
            var delivery = interrupts.Deliver(_requesterId, 0);
            InterruptLatency.Record(delivery.Latency.Total.Picoseconds);
            if (_cpu is not null && delivery.Path != InterruptPath.Posted)
            {
                var l = delivery.Latency;
                // The handlers run once the message reaches the CPU; on a shared INTx line every handler reads
                // its device's status register, this one's included, with the CPU stalled on each read.
                toCpu = l.Total - l.SharedLinePoll - l.Eoi;
                var polls = delivery.Path == InterruptPath.Intx
                    ? interrupts.IoApic.Parameters.PollLatency * interrupts.IoApic.DevicesOn(delivery.Line)
                    : SimTime.Zero;
                f.CpuWorkPs = (_interruptTime + polls).Picoseconds;
            }
        }
        if (_cpu is null) Return(slot);
        else _sim.Schedule(toCpu, InterruptArrived, this, slot);
    }

    private void OnInterruptArrived(int slot) => _cpu!.Acquire(CpuContext.Interrupt, CpuForCompletion, this, slot);

    private void OnCpuForCompletion(int slot)
    {
        ref var f = ref _slots[slot];
        var handler = new SimTime(f.CpuWorkPs);
        _cpu!.Account(CpuWork.Interrupt, handler);
        var cost = handler;
        // dma_sync_single_for_cpu: a bounced buffer the device wrote is copied out of its slot before use.
        if (_bouncedPremapped && !f.Faulted)
            cost += _ports.Dma!.SyncForCpu(_ports.DmaDevice!, _ports.Cpu, f.Address, (ulong)f.Bytes, _direction);
        _sim.Schedule(cost, Handled, this, slot);
    }

    private void OnHandled(int slot)
    {
        if (!_perRequest)
        {
            OnDriverDone(slot);
            return;
        }
        ref var f = ref _slots[slot];
        _ports.Dma!.UnmapSingle(_ports.DmaDevice!, _ports.Cpu, f.Address, (ulong)f.Bytes, _direction, Released, this, slot);
    }

    // The driver is done: its CPU is free again. Slot -1 is a dropped request whose slot went back already.
    private void OnDriverDone(int slot)
    {
        _cpu!.Release();
        if (slot < 0) return;
        ref var f = ref _slots[slot];
        if (!f.Faulted) CompletionLatency.Record(_sim.Now.Picoseconds - f.DataAtPs);
        Return(slot);
    }

    private void Drop()
    {
        Aborted++;
        _inFlight.Decrement(_sim.Now);
    }

    private void Return(int slot) => _slots.Return(slot);
}
