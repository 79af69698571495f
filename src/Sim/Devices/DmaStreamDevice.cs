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
/// parallel, and the data reaches memory one memory latency after the last translation.
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
        public long StartPs;
        public long LatestEndPs;
        public int Pending;
        public int Bytes;
        public bool Issuing;
        public bool Faulted;
    }

    private static readonly Action<object?> Arrive = static s => ((DmaStreamDevice)s!).OnArrival();
    private static readonly Action<object?, long> Finish = static (s, slot) => ((DmaStreamDevice)s!).OnDataWritten((int)slot);

    private readonly Simulation _sim;
    private readonly DmaStreamSpec _spec;
    private readonly TranslationUnit? _iommu;
    private readonly ushort _requesterId;
    private readonly ulong _addressBase;
    private readonly ulong _stride;
    private readonly SimTime _dataLatency;
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

    /// <summary>Creates the device; call <see cref="Start"/> to begin issuing.</summary>
    /// <param name="simulation">The simulation.</param>
    /// <param name="spec">The workload.</param>
    /// <param name="requesterId">The PCIe requester id the IOMMU sees.</param>
    /// <param name="iommu">The translating unit, or null when DMA is not translated (IOMMU off).</param>
    /// <param name="addressBase">DMA address of buffer 0 (an IOVA, or a physical address when untranslated).</param>
    /// <param name="stride">Distance between consecutive buffers' DMA addresses.</param>
    /// <param name="dataLatency">Time for the data to reach memory after translation.</param>
    /// <param name="streams">The device's random-stream family.</param>
    public DmaStreamDevice(Simulation simulation, DmaStreamSpec spec, ushort requesterId, TranslationUnit? iommu,
        ulong addressBase, ulong stride, SimTime dataLatency, RandomStreams streams)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(streams);
        _sim = simulation;
        _spec = spec;
        _iommu = iommu;
        _requesterId = requesterId;
        _addressBase = addressBase;
        _stride = stride;
        _dataLatency = dataLatency;
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

    /// <summary>Mean request size in bytes: the fixed size, or the midpoint of the uniform range.</summary>
    public static double MeanSizeBytes(DmaStreamSpec spec) =>
        spec.SizeMax.Bytes > 0 ? (spec.Size.Bytes + spec.SizeMax.Bytes) / 2.0 : spec.Size.Bytes;

    /// <summary>Schedules the first request one interarrival gap from now.</summary>
    public void Start() => _sim.Schedule(NextGap(), Arrive, this);

    /// <summary>Clears counters and histograms (end of warm-up); requests in flight still complete.</summary>
    public void ResetStatistics()
    {
        Issued = Completed = Aborted = BytesCompleted = 0;
        DmaLatency.Reset();
        TranslationLatency.Reset();
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
        ulong address = _addressBase + (ulong)NextBuffer() * _stride;
        int slot = Rent();
        ref var f = ref _slots[slot];
        long now = _sim.Now.Picoseconds;
        f = new InFlight { StartPs = now, LatestEndPs = now, Bytes = bytes, Issuing = true };
        if (_iommu is not null)
        {
            ulong end = address + (ulong)bytes;
            for (ulong piece = address; piece < end; piece = (piece & ~(Boundary - 1)) + Boundary)
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
            Return(slot);
            return;
        }
        long delay = f.LatestEndPs - _sim.Now.Picoseconds + _dataLatency.Picoseconds;
        _sim.Schedule(new SimTime(delay), Finish, this, slot);
    }

    private void OnDataWritten(int slot)
    {
        ref var f = ref _slots[slot];
        Completed++;
        BytesCompleted += f.Bytes;
        DmaLatency.Record(_sim.Now.Picoseconds - f.StartPs);
        Return(slot);
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
