using IommuSim.Host;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// An NVMe SSD and its driver (<see cref="NvmeSpec"/>): I/Os issued closed-loop (each queue keeps iodepth outstanding)
/// or open-loop (Poisson), submitted on their queue's CPU, fetched, followed through their data pointers, served by the
/// media, transferred and completed with an interrupt; every DMA of the controller's is translated.
/// </summary>
/// <remarks>
/// Latency parts per I/O: <c>queue</c> (issue to the CPU taking up its submission), <c>submit</c> (block layer,
/// dma_map_sg, data pointers), <c>fetch</c> (doorbell to the command in the controller), <c>pointers</c> (the
/// data-pointer reads), <c>media</c> (waiting for a channel and its service), <c>transfer</c> (a read's data to memory,
/// a write's data from it), <c>completion</c> (to the driver done: completion entry, interrupt, handler, unmap); <c>io</c>
/// is the whole.
/// </remarks>
public sealed class NvmeDevice : IWorkloadDevice, IPostedWriteClient, IDmaClient
{
    private static readonly Action<object?> Arrive = static s => ((NvmeDevice)s!).OnArrival();

    private readonly NvmeQueuePair[] _queues;
    private readonly DeviceVector[] _vectors;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _queueChoice;
    private long _windowStartPs;
    private long _issued;
    private long _completed;
    private long _failed;
    private long _refused;
    private long _mapFailures;
    private long _bytes;
    private long _prpListReads;
    private long _sglReads;
    private long _commandReads;

    internal NvmeDevice(NvmeSpec spec, DeviceContext context, PcieDmaEngine engine, DmaCostParams costs, ulong poolAddress,
        NvmePointerPool pointers, Func<NvmeDevice, NvmeQueuePair[]> queues)
    {
        Spec = spec;
        Simulation = context.Simulation;
        RequesterId = context.RequesterId;
        Interrupts = context.Interrupts;
        Costs = costs;
        Engine = engine;
        PoolAddress = poolAddress;
        Pointers = pointers;
        DoorbellLatency = spec.Pcie.Latency;
        Media = new NvmeMedia(spec.Media, context.Streams.Get("media"), Simulation.Now);
        _arrivals = context.Streams.Get("arrivals");
        _queueChoice = context.Streams.Get("queues");
        _queues = queues(this);
        _vectors = new DeviceVector[_queues.Length];
        for (int q = 0; q < _queues.Length; q++)
            _vectors[q] = new DeviceVector(Simulation, engine, Interrupts, RequesterId, this, context.Dma!.Cpus[_queues[q].Cpu], q,
                NvmeToken.Interrupt(q), Handle, _queues[q]);
        Latencies =
        [
            new("io", IoLatency), new("queue", QueueLatency), new("submit", SubmitLatency), new("fetch", FetchLatency),
            new("pointers", PointerLatency), new("media", MediaLatency), new("transfer", TransferLatency),
            new("completion", CompletionLatency), new("translation", engine.TranslationLatency),
        ];
    }

    private static readonly Action<object?, long> Handle = static (s, _) => ((NvmeQueuePair)s!).OnInterrupt();

    /// <summary>The device and its load.</summary>
    public NvmeSpec Spec { get; }

    internal Simulation Simulation { get; }

    internal ushort RequesterId { get; }

    internal InterruptRemapper Interrupts { get; }

    internal DmaCostParams Costs { get; }

    internal PcieDmaEngine Engine { get; }

    internal NvmeMedia Media { get; }

    internal NvmePointerPool Pointers { get; }

    internal ulong PoolAddress { get; }

    internal SimTime DoorbellLatency { get; }

    internal DeviceVector Vector(int queue) => _vectors[queue];

    /// <inheritdoc/>
    public string Name => Spec.Name;

    /// <inheritdoc/>
    public int Cpu => _queues[0].Cpu;

    /// <summary>
    /// I/O is submitted (and its buffers mapped) by <c>fio</c>, the usual NVMe load generator (a convention), and
    /// completed (and unmapped) in the hard interrupt handler, as blk-mq completes a request on its own CPU.
    /// </summary>
    public DriverTasks Driver { get; } = new("fio", InterruptWork.HardIrq);

    /// <summary>From an I/O's issue until the driver is done with it, in picoseconds.</summary>
    public LogLinearHistogram IoLatency { get; } = new();

    /// <summary>From issue until the CPU took up the submission, in picoseconds.</summary>
    public LogLinearHistogram QueueLatency { get; } = new();

    /// <summary>The submission's CPU time (block layer, dma_map_sg, data pointers), in picoseconds.</summary>
    public LogLinearHistogram SubmitLatency { get; } = new();

    /// <summary>From the doorbell's write until the command is in the controller, in picoseconds.</summary>
    public LogLinearHistogram FetchLatency { get; } = new();

    /// <summary>The data-pointer reads (PRP lists, SGL segments), in picoseconds.</summary>
    public LogLinearHistogram PointerLatency { get; } = new();

    /// <summary>Waiting for a media channel and its service, in picoseconds.</summary>
    public LogLinearHistogram MediaLatency { get; } = new();

    /// <summary>The data's transfer: a read's to memory after the media, a write's from memory before it, in picoseconds.</summary>
    public LogLinearHistogram TransferLatency { get; } = new();

    /// <summary>From the data's end (a read) or the media's (a write) until the driver is done, in picoseconds.</summary>
    public LogLinearHistogram CompletionLatency { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyList<DeviceLatency> Latencies { get; }

    /// <inheritdoc/>
    public DeviceCounters Counters
    {
        get
        {
            long interrupts = 0;
            foreach (var v in _vectors) interrupts += v.Raised;
            double window = (Simulation.Now.Picoseconds - _windowStartPs) / (double)SimTime.PsPerS;
            // Little's law over the I/Os completed: mean in flight = throughput x mean latency.
            double inFlight = window > 0 && IoLatency.Count > 0 ? IoLatency.Count / window * IoLatency.Mean / SimTime.PsPerS : 0;
            return new DeviceCounters(_issued, _completed, _failed + _refused, _mapFailures, interrupts, Engine.IotlbHits, Engine.IotlbMisses,
                _bytes, inFlight);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Open loop: the configured rate; closed loop has none of its own.</remarks>
    public double? OfferedBitsPerSecond => null;

    /// <inheritdoc/>
    public IReadOnlyList<DeviceFigure> Figures()
    {
        double seconds = (Simulation.Now.Picoseconds - _windowStartPs) / (double)SimTime.PsPerS;
        double perSecond = seconds > 0 ? 1 / seconds : 0;
        return
        [
            new("iops", _completed * perSecond),
            new("command_reads", _commandReads),
            new("prp_list_reads", _prpListReads),
            new("sgl_segment_reads", _sglReads),
            new("iotlb_misses_per_io", _completed > 0 ? Engine.IotlbMisses / (double)_completed : 0),
            new("refused_queue_full", _refused),
            new("media_util", Media.Utilisation(Simulation.Now)),
            new("pcie_up_util", Engine.UpstreamUtilisation),
            new("pcie_down_util", Engine.DownstreamUtilisation),
            new("credit_util", Engine.CreditUtilisation),
        ];
    }

    /// <inheritdoc/>
    public void Start()
    {
        if (Spec.Iops > 0)
        {
            Simulation.Schedule(NextGap(), Arrive, this);
            return;
        }
        foreach (var q in _queues)
            for (int k = 0; k < Spec.IoDepth; k++) Issue(q);
    }

    /// <inheritdoc/>
    public void ResetStatistics()
    {
        _windowStartPs = Simulation.Now.Picoseconds;
        _issued = _completed = _failed = _refused = _mapFailures = _bytes = _prpListReads = _sglReads = _commandReads = 0;
        foreach (var h in new[] { IoLatency, QueueLatency, SubmitLatency, FetchLatency, PointerLatency, MediaLatency, TransferLatency, CompletionLatency })
            h.Reset();
        foreach (var v in _vectors) v.ResetStatistics();
        Engine.ResetStatistics();
        Media.ResetStatistics(Simulation.Now);
    }

    private SimTime NextGap() => new((long)Math.Round(_arrivals.NextExponential(SimTime.PsPerS / Spec.Iops)));

    private void OnArrival()
    {
        Simulation.Schedule(NextGap(), Arrive, this);
        Issue(_queues[_queues.Length == 1 ? 0 : _queueChoice.NextInt(_queues.Length)]);
    }

    private void Issue(NvmeQueuePair queue)
    {
        _issued++;
        if (!queue.Issue()) _refused++;
    }

    // Closed loop: an I/O that ends makes room for the next on its queue.
    internal void OnIoEnded(NvmeQueuePair queue)
    {
        if (Spec.Iops <= 0) Issue(queue);
    }

    internal void MapFailed() => _mapFailures++;

    internal void RecordFailed() => _failed++;

    internal void CountPointerRead(bool sgl)
    {
        if (sgl) _sglReads++;
        else _prpListReads++;
    }

    internal void RecordIo(in NvmeIo io, long donePs)
    {
        if (io.Faulted)
        {
            _failed++;
            return;
        }
        _completed++;
        _bytes += io.Bytes;
        IoLatency.Record(donePs - io.IssuedPs);
        QueueLatency.Record(io.SubmittedPs - io.IssuedPs);
        SubmitLatency.Record(io.FetchStartPs - io.SubmittedPs);
        FetchLatency.Record(io.CommandInPs - io.FetchStartPs);
        PointerLatency.Record(io.PointersInPs - io.CommandInPs);
        MediaLatency.Record(io.MediaDonePs - io.MediaInPs);
        if (io.Read)
        {
            TransferLatency.Record(io.DataDonePs - io.MediaDonePs);
            CompletionLatency.Record(donePs - io.DataDonePs);
        }
        else
        {
            TransferLatency.Record(io.DataDonePs - io.PointersInPs);
            CompletionLatency.Record(donePs - io.MediaDonePs);
        }
    }

    void IPostedWriteClient.OnWriteDrained(long token, long drainedPs) { }

    void IPostedWriteClient.OnWriteRetired(long token, in WriteTiming timing)
    {
        int q = NvmeToken.Queue(token);
        switch (NvmeToken.Kind(token))
        {
            case NvmeToken.DataKind: _queues[q].OnDataWritten(NvmeToken.Slot(token), timing); break;
            case NvmeToken.CompletionKind: _queues[q].OnCompletionVisible(NvmeToken.Slot(token), timing.InMemoryPs); break;
            case NvmeToken.InterruptKind: _vectors[q].OnRetired(timing.InMemoryPs); break;
        }
    }

    void IDmaClient.OnDmaDone(long token, in DmaOutcome outcome)
    {
        var queue = _queues[NvmeToken.Queue(token)];
        int slot = NvmeToken.Slot(token);
        switch (NvmeToken.Kind(token))
        {
            case NvmeToken.CommandKind:
                _commandReads++;
                queue.OnCommandRead(slot, outcome.Faulted);
                break;
            case NvmeToken.PointersKind: queue.OnPointersRead(slot, outcome.Faulted); break;
            default: queue.OnDataRead(slot, outcome.Faulted); break;
        }
    }
}
