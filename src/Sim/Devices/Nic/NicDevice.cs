using IommuSim.Host;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Devices.Nic;

/// <summary>
/// A NIC port and its driver receiving traffic (<see cref="NicSpec"/>): frames arrive from the wire, wait in the on-chip
/// FIFO for a descriptor, are DMAed to their buffers over the PCIe link, written back, signalled by a moderated MSI-X
/// interrupt, and taken up by NAPI on their queue's CPU.
/// </summary>
/// <remarks>
/// Latency parts, per frame: <c>memory</c> (arrival from the wire until its data is in memory: FIFO wait, link, credits,
/// translation, the memory write), <c>notify</c> (until the NAPI poll that takes it starts: write-back, moderation,
/// interrupt, waiting for the CPU), <c>driver</c> (until the driver and stack are done with it); <c>frame</c> is their sum.
/// </remarks>
public sealed class NicDevice : IWorkloadDevice, IPostedWriteClient, IDmaClient
{
    private static readonly Action<object?> Arrive = static s => ((NicDevice)s!).OnArrival();
    private static readonly Action<object?> Send = static s => ((NicDevice)s!).OnSend();

    private readonly FrameSource _source;
    private readonly FrameSource? _sends;
    private readonly EthernetLink _wire;
    private readonly Pcie.LinkTransmitter _txWire;
    private readonly RxQueue[] _queues;
    private readonly TxQueue[] _tx;
    private ArrivingFrame _next;
    private ArrivingFrame _nextSend;
    private long _txOffered;
    private long _txBytes;
    private long _acks;
    private long _windowStartPs;
    private long _dropsFifo;
    private long _dropsNoDescriptor;
    private long _faults;
    private long _mapFailures;
    private long _arrived;
    private long _completed;
    private long _bytes;
    private long _wireBytes;
    private long _dataBytes;

    internal NicDevice(NicSpec spec, DeviceContext context, FrameSource source, FrameSource? sends, PcieDmaEngine engine, DmaCostParams costs,
        Func<NicDevice, RxQueue[]> queues, Func<NicDevice, TxQueue[]> transmitQueues)
    {
        Spec = spec;
        Simulation = context.Simulation;
        RequesterId = context.RequesterId;
        Interrupts = context.Interrupts;
        Costs = costs;
        Engine = engine;
        _source = source;
        _sends = sends;
        _wire = new EthernetLink(spec.LineRate, spec.Vlan);
        _txWire = new Pcie.LinkTransmitter(spec.LineRate, Simulation.Now);
        Fifo = new RxFifo(spec.RxFifo.Bytes, Simulation.Now);
        DoorbellLatency = spec.Pcie.Latency;
        _queues = queues(this);
        _tx = transmitQueues(this);
        Latencies = spec.Receives
            ? [
                new("frame", FrameLatency), new("memory", MemoryLatency), new("notify", NotifyLatency), new("driver", DriverLatency),
                new("translation", engine.TranslationLatency), new("tx", TxLatency),
            ]
            : [new("tx", TxLatency), new("translation", engine.TranslationLatency)];
    }

    /// <summary>The port and its traffic.</summary>
    public NicSpec Spec { get; }

    internal Simulation Simulation { get; }

    internal ushort RequesterId { get; }

    internal InterruptRemapper Interrupts { get; }

    internal DmaCostParams Costs { get; }

    internal PcieDmaEngine Engine { get; }

    internal RxFifo Fifo { get; }

    internal SimTime DoorbellLatency { get; }

    /// <inheritdoc/>
    public string Name => Spec.Name;

    /// <inheritdoc/>
    /// <remarks>From the traffic sources: line rate × load × mean frame / mean wire frame, each way it goes.</remarks>
    public double? OfferedBitsPerSecond => (Spec.Receives ? OneWay(_source) : 0) + (_sends is null ? 0 : OneWay(_sends));

    // Frames are at least 60 B without FCS, so a frame's wire bytes are its own plus the fixed overheads.
    private double OneWay(FrameSource source)
    {
        double mean = source.Sizes.MeanBytes;
        return Spec.LineRate.BitsPerSecond * source.Arrivals.MeanLoad * mean / (mean + _wire.WireBytes(60) - 60);
    }

    /// <inheritdoc/>
    /// <remarks>The CPU of queue 0; queue q runs on the next CPUs in turn.</remarks>
    public int Cpu => _queues[0].Cpu;

    /// <summary>
    /// Transmit maps run in the sending task (named <c>iperf3</c>, the usual load generator: a convention); receive
    /// refills and transmit cleaning in NAPI, a softirq.
    /// </summary>
    public DriverTasks Driver { get; } = new("iperf3", InterruptWork.SoftIrq);

    /// <summary>From a frame's arrival until the driver is done with it, in picoseconds.</summary>
    public LogLinearHistogram FrameLatency { get; } = new();

    /// <summary>From a frame's arrival until its data is in memory, in picoseconds.</summary>
    public LogLinearHistogram MemoryLatency { get; } = new();

    /// <summary>From a frame's data in memory until the NAPI poll that takes it starts, in picoseconds.</summary>
    public LogLinearHistogram NotifyLatency { get; } = new();

    /// <summary>From the poll's start until the driver and stack are done with the frame, in picoseconds.</summary>
    public LogLinearHistogram DriverLatency { get; } = new();

    /// <summary>From the driver's xmit call until the frame has left on the wire, in picoseconds.</summary>
    public LogLinearHistogram TxLatency { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyList<DeviceLatency> Latencies { get; }

    internal TxQueue TransmitQueue(int queue) => _tx[queue];

    /// <inheritdoc/>
    /// <remarks>Frames both ways: received (arrived, taken up by the driver, dropped) and sent (offered, on the wire, dropped).</remarks>
    public DeviceCounters Counters => new(
        _arrived + _txOffered, _completed + TxOnWire, _dropsFifo + _dropsNoDescriptor + _faults + TxDrops, _mapFailures, InterruptCount,
        Engine.IotlbHits, Engine.IotlbMisses, _bytes + _txBytes, Fifo.MeanFrames(Simulation.Now));

    private long TxOnWire
    {
        get
        {
            long n = 0;
            foreach (var q in _tx) n += q.FramesOnWire;
            return n;
        }
    }

    private long TxDrops
    {
        get
        {
            long n = 0;
            foreach (var q in _tx) n += q.RingFullDrops + q.MapFailures;
            return n;
        }
    }

    private long InterruptCount
    {
        get
        {
            long n = 0;
            foreach (var q in _queues) n += q.Interrupts;
            foreach (var q in _tx) n += q.Interrupts;
            return n;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<DeviceFigure> Figures()
    {
        var now = Simulation.Now;
        double seconds = (now.Picoseconds - _windowStartPs) / (double)SimTime.PsPerS;
        double perSecond = seconds > 0 ? 1 / seconds : 0;
        long polls = 0, fetches = 0, writebacks = 0;
        foreach (var q in _queues)
        {
            polls += q.Polls;
            fetches += q.Fetches;
            writebacks += q.Writebacks;
        }
        var figures = new List<DeviceFigure>
        {
            new("achieved_wire_gbps", _wireBytes * 8 * perSecond / 1e9),
            new("frames_per_s", _completed * perSecond),
            new("drops_fifo", _dropsFifo),
            new("drops_no_descriptor", _dropsNoDescriptor),
            new("drops_fault", _faults),
            new("pcie_up_util", Engine.UpstreamUtilisation),
            new("pcie_down_util", Engine.DownstreamUtilisation),
            new("credit_util", Engine.CreditUtilisation),
            new("write_waits", Engine.WriteWaits),
            new("tag_waits", Engine.TagWaits),
            new("iotlb_misses_per_mib", _dataBytes > 0 ? Engine.IotlbMisses / (_dataBytes / 1048576.0) : 0),
            new("fifo_mean_bytes", Fifo.MeanBytes(now)),
            new("fifo_max_bytes", Fifo.MaxBytes),
            new("interrupts_per_s", InterruptCount * perSecond),
            new("polls", polls),
            new("frames_per_poll", polls > 0 ? (double)_completed / polls : 0),
            new("descriptor_fetches", fetches),
            new("writebacks", writebacks),
        };
        if (_tx.Length > 0)
        {
            long ringFull = 0;
            foreach (var q in _tx) ringFull += q.RingFullDrops;
            figures.Add(new("tx_frames_per_s", TxOnWire * perSecond));
            figures.Add(new("tx_gbps", _txBytes * 8 * perSecond / 1e9));
            figures.Add(new("tx_drops_ring_full", ringFull));
            figures.Add(new("acks", _acks));
        }
        foreach (var q in _queues)
            figures.Add(new($"queue{q.Index}_cpu_util", q.CpuShare + (_tx.Length > 0 ? _tx[q.Index].CpuShare : 0)));
        return figures;
    }

    /// <inheritdoc/>
    public void Start()
    {
        foreach (var q in _queues) q.Start();
        if (Spec.Receives)
        {
            _next = _source.Next();
            Simulation.Schedule(_next.Gap, Arrive, this);
        }
        if (_sends is not null)
        {
            _nextSend = _sends.Next();
            Simulation.Schedule(_nextSend.Gap, Send, this);
        }
    }

    private void OnSend()
    {
        var frame = _nextSend;
        _nextSend = _sends!.Next();
        Simulation.Schedule(_nextSend.Gap, Send, this);
        _tx[frame.Queue].Send(frame.Bytes);
    }

    internal void CountTxOffered(int bytes) => _txOffered++;

    internal void CountAck() => _acks++;

    internal long TransmitOnWire(int bytes) => _txWire.Transmit(Simulation.Now, _wire.WireBytes(bytes)).Picoseconds;

    internal void RecordTx(long sendPs, long wirePs, int bytes)
    {
        _txBytes += bytes;
        _wireBytes += _wire.WireBytes(bytes);
        TxLatency.Record(wirePs - sendPs);
    }

    /// <inheritdoc/>
    public void ResetStatistics()
    {
        _windowStartPs = Simulation.Now.Picoseconds;
        _dropsFifo = _dropsNoDescriptor = _faults = _mapFailures = _arrived = _completed = _bytes = _wireBytes = _dataBytes = 0;
        _txOffered = _txBytes = _acks = 0;
        TxLatency.Reset();
        _txWire.ResetStatistics(Simulation.Now);
        foreach (var q in _tx) q.ResetStatistics();
        FrameLatency.Reset();
        MemoryLatency.Reset();
        NotifyLatency.Reset();
        DriverLatency.Reset();
        Engine.ResetStatistics();
        Fifo.ResetStatistics(Simulation.Now);
        foreach (var q in _queues) q.ResetStatistics();
    }

    private void OnArrival()
    {
        var frame = _next;
        _next = _source.Next();
        Simulation.Schedule(_next.Gap, Arrive, this);
        _arrived++;
        var queue = _queues[frame.Queue];
        if (!queue.HasDescriptor) _dropsNoDescriptor++;
        else if (!Fifo.TryAdmit(Simulation.Now, frame.Bytes)) _dropsFifo++;
        else
        {
            _dataBytes += frame.Bytes;
            queue.Accept(frame.Bytes);
        }
    }

    internal void MapFailed() => _mapFailures++;

    internal void RecordFrame(long arrivalPs, long inMemoryPs, long pollPs, long donePs, int bytes, bool faulted)
    {
        if (faulted)
        {
            // The IOMMU aborted the frame's DMA: the driver finds a descriptor whose data never arrived.
            _faults++;
            return;
        }
        _completed++;
        _bytes += bytes;
        _wireBytes += _wire.WireBytes(bytes);
        FrameLatency.Record(donePs - arrivalPs);
        MemoryLatency.Record(inMemoryPs - arrivalPs);
        NotifyLatency.Record(pollPs - inMemoryPs);
        DriverLatency.Record(donePs - pollPs);
    }

    void IPostedWriteClient.OnWriteDrained(long token, long drainedPs)
    {
        if (NicToken.Kind(token) == NicToken.DataKind) _queues[NicToken.Queue(token)].OnDataDrained(NicToken.Value(token), drainedPs);
    }

    void IPostedWriteClient.OnWriteRetired(long token, in WriteTiming timing)
    {
        int q = NicToken.Queue(token);
        switch (NicToken.Kind(token))
        {
            case NicToken.DataKind: _queues[q].OnDataRetired(NicToken.Value(token), timing); break;
            case NicToken.WritebackKind: _queues[q].OnWritebackRetired(NicToken.Value(token), timing.InMemoryPs); break;
            case NicToken.InterruptKind: _queues[q].Vector.OnRetired(timing.InMemoryPs); break;
            case NicToken.TxInterruptKind: _tx[q].Vector.OnRetired(timing.InMemoryPs); break;
        }
    }

    void IDmaClient.OnDmaDone(long token, in DmaOutcome outcome)
    {
        int q = NicToken.Queue(token);
        switch (NicToken.Kind(token))
        {
            case NicToken.FetchKind: _queues[q].OnFetched(NicToken.Value(token)); break;
            case NicToken.TxFetchKind: _tx[q].OnFetched(NicToken.Value(token)); break;
            default: _tx[q].OnRead(NicToken.Value(token), outcome.Faulted); break;
        }
    }
}
