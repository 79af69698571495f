using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Host;

/// <summary>
/// A lazy domain's flush queue (drivers/iommu/dma-iommu.c): unmapped IOVAs wait here, still reachable
/// through stale IOTLB entries, until one domain-wide IOTLB invalidation covers them; then they go back to
/// the allocator. A queue is flushed when an unmap finds it full or when the domain's timer fires.
/// </summary>
/// <remarks>
/// <para>Each queue is a ring of <see cref="Capacity"/> slots that holds Capacity - 1 entries (fq_full: tail
/// + 1 == head), so with 256 slots the 256th queued unmap finds 255 entries and flushes before it is added.
/// That unmap waits (its CPU spinning) until the invalidation completes; other unmaps reaching the same
/// queue meanwhile spin on its lock, their CPUs held. An entry is freed once a flush that started after it was queued has
/// finished (Linux's start and finish counters); queues of other CPUs free theirs on their next unmap or
/// when the timer fires. The timer is per domain: armed by the first unmap that finds it idle, it fires once
/// after <see cref="Timeout"/>; its handler runs on the CPU that armed it once that CPU is free, flushes
/// (spinning until the invalidation completes) and frees every queue, and the next unmap arms it again.</para>
/// <para>Stale window: for each unmapped range, the time from the unmap's return to its caller (when the
/// driver may reuse the buffer) to the completion of the first invalidation covering the range. It is
/// recorded, in picoseconds, into the histogram shared with the strict path (where it is 0).</para>
/// </remarks>
public sealed class FlushQueue
{
    /// <summary>Slots of a per-CPU queue: IOVA_DEFAULT_FQ_SIZE = 256 (drivers/iommu/dma-iommu.c).</summary>
    public const int DefaultCapacity = 256;
    /// <summary>Slots of the single queue: IOVA_SINGLE_FQ_SIZE = 32768 (drivers/iommu/dma-iommu.c).</summary>
    public const int SingleCapacity = 32768;
    /// <summary>Timer of per-CPU queues: IOVA_DEFAULT_FQ_TIMEOUT = 10 ms (drivers/iommu/dma-iommu.c).</summary>
    public static readonly SimTime DefaultTimeout = SimTime.FromMilliseconds(10);
    /// <summary>Timer of the single queue: IOVA_SINGLE_FQ_TIMEOUT = 1000 ms (drivers/iommu/dma-iommu.c).</summary>
    public static readonly SimTime SingleTimeout = SimTime.FromMilliseconds(1000);

    private static readonly Action<object?> s_timerFired = static s => ((FlushQueue)s!).OnTimer();
    private static readonly Action<object?, long> s_timerGranted = static (s, _) => ((FlushQueue)s!).OnTimerGranted();
    private static readonly Action<object?> s_submit = static s => ((FlushRecord)s!).Queue.Submit((FlushRecord)s!);
    private static readonly Action<object?, long> s_flushDone = static (s, seq) => ((FlushRecord)s!).Queue.OnFlushDone((FlushRecord)s!, seq);

    private readonly Simulation _sim;
    private readonly IIotlbInvalidator _invalidator;
    private readonly IovaAllocator _allocator;
    private readonly HostCpus _cpus;
    private readonly DmaCostParams _costs;
    private readonly LogLinearHistogram _staleWindow;
    private readonly Action<PendingUnmap> _complete;
    private readonly Ring[] _rings;
    private readonly Stack<FlushRecord> _records = new();
    private long _started;
    private long _finished;
    private bool _timerOn;
    private int _timerCpu;

    internal FlushQueue(Simulation sim, Domain domain, FlushQueueKind kind, HostCpus cpus, IIotlbInvalidator invalidator,
        IovaAllocator allocator, DmaCostParams costs, LogLinearHistogram staleWindow, Action<PendingUnmap> complete)
    {
        _sim = sim;
        Domain = domain;
        Kind = kind;
        _invalidator = invalidator;
        _allocator = allocator;
        _cpus = cpus;
        _costs = costs;
        _staleWindow = staleWindow;
        _complete = complete;
        Capacity = kind == FlushQueueKind.Single ? SingleCapacity : DefaultCapacity;
        Timeout = kind == FlushQueueKind.Single ? SingleTimeout : DefaultTimeout;
        _rings = new Ring[kind == FlushQueueKind.Single ? 1 : cpus.Count];
        for (int i = 0; i < _rings.Length; i++) _rings[i] = new Ring(Capacity);
    }

    /// <summary>The domain whose unmaps wait here.</summary>
    public Domain Domain { get; }
    /// <summary>Per-CPU queues or one shared queue.</summary>
    public FlushQueueKind Kind { get; }
    /// <summary>Slots per queue (one fewer entries fit).</summary>
    public int Capacity { get; }
    /// <summary>Delay from arming the timer to its flush.</summary>
    public SimTime Timeout { get; }
    /// <summary>Unmapped ranges put in a queue.</summary>
    public long Queued { get; private set; }
    /// <summary>Flushes started because an unmap found its queue full.</summary>
    public long FullFlushes { get; private set; }
    /// <summary>Flushes started by the timer.</summary>
    public long TimerFlushes { get; private set; }
    /// <summary>Flushes completed.</summary>
    public long CompletedFlushes { get; private set; }
    /// <summary>Ranges in all queues now (waiting for a flush, or flushed but not yet freed).</summary>
    public int Entries
    {
        get
        {
            int n = 0;
            foreach (var r in _rings) n += r.Count;
            return n;
        }
    }
    /// <summary>True while the timer is armed (from the unmap that arms it until its flush starts).</summary>
    public bool TimerArmed => _timerOn;

    /// <summary>Zeroes <see cref="Queued"/>, <see cref="FullFlushes"/>, <see cref="TimerFlushes"/> and
    /// <see cref="CompletedFlushes"/> (e.g. after warm-up); the queues and the timer stay as they are.</summary>
    public void ResetCounters() => Queued = FullFlushes = TimerFlushes = CompletedFlushes = 0;

    // queue_iova, after the unmap's own CPU work.
    internal void Enqueue(PendingUnmap request)
    {
        var ring = RingOf(request.Cpu);
        if (ring.Locked || ring.WaitHead is not null)
        {
            // Another unmap holds this queue's lock while its flush runs: spin on the lock (the caller's CPU
            // stays held) behind it and behind anyone already waiting.
            request.SubmittedAt = _sim.Now;
            if (ring.WaitTail is null) ring.WaitHead = request;
            else ring.WaitTail.Next = request;
            ring.WaitTail = request;
            return;
        }
        Process(ring, request);
    }

    private void Process(Ring ring, PendingUnmap request)
    {
        FreeFinished(ring, request.Cpu);
        if (ring.IsFull)
        {
            ring.Locked = true;
            ring.Holder = request;
            FullFlushes++;
            StartFlush(request.Cpu, ring);
            return;
        }
        Add(ring, request);
    }

    private void Add(Ring ring, PendingUnmap request)
    {
        ref var entry = ref ring.Entries[ring.Tail];
        entry.Pfn = request.Pfn;
        entry.Pages = request.Pages;
        entry.Counter = _started;
        entry.ReturnedAtPs = _sim.Now.Picoseconds;
        ring.Tail = (ring.Tail + 1) & ring.Mask;
        Queued++;
        if (!_timerOn)
        {
            _timerOn = true;
            _timerCpu = request.Cpu;
            _sim.Schedule(Timeout, s_timerFired, this);
        }
        _complete(request);
    }

    // fq_ring_free_locked: frees entries a finished flush covers, into the rcache of the freeing CPU.
    private void FreeFinished(Ring ring, int cpu)
    {
        while (ring.Head != ring.Tail && ring.Entries[ring.Head].Counter < _finished)
        {
            ref var entry = ref ring.Entries[ring.Head];
            _allocator.Free(cpu, entry.Pfn, entry.Pages);
            ring.Head = (ring.Head + 1) & ring.Mask;
            ring.Recorded--;
        }
    }

    // The timer's expiry raises a softirq on the CPU that armed it; the flush runs when that CPU is free.
    private void OnTimer() => _cpus[_timerCpu].Acquire(CpuContext.Interrupt, s_timerGranted, this, 0);

    // fq_flush_timeout: fq_timer_on goes back to 0 when the handler runs, then the flush.
    private void OnTimerGranted()
    {
        _timerOn = false;
        TimerFlushes++;
        StartFlush(_timerCpu, null);
    }

    // fq_flush_iotlb on a CPU its caller holds: issue the invalidation, then spin until it completes.
    private void StartFlush(int cpu, Ring? ring)
    {
        var record = _records.Count > 0 ? _records.Pop() : new FlushRecord(this);
        record.Cpu = cpu;
        record.Ring = ring;
        var issue = _costs.CyclesToTime(_costs.FlushCycles);
        _cpus[cpu].Account(CpuWork.InvalidationWait, issue);
        if (issue.Picoseconds == 0) Submit(record);
        else _sim.Schedule(issue, s_submit, record);
    }

    // fq_flush_iotlb, first half: the start counter moves before the invalidation is issued.
    private void Submit(FlushRecord record)
    {
        record.SubmittedAt = _sim.Now;
        long seq = ++_started;
        _invalidator.InvalidateDomain(Domain, s_flushDone, record, seq);
    }

    private void OnFlushDone(FlushRecord record, long seq)
    {
        if (seq != _finished + 1)
            throw new InvalidOperationException(
                $"IOTLB flush {seq} of {Domain} completed before flush {_finished + 1}: invalidations must complete in submission order");
        _finished = seq;
        CompletedFlushes++;
        _cpus[record.Cpu].Account(CpuWork.InvalidationWait, _sim.Now - record.SubmittedAt);
        RecordStaleWindows(seq);

        var ring = record.Ring;
        int cpu = record.Cpu;
        record.Ring = null;
        _records.Push(record);
        if (ring is null)
        {
            // fq_flush_timeout: free every queue on the timer's CPU, which is then free again.
            foreach (var r in _rings) FreeFinished(r, cpu);
            _cpus[cpu].Release();
            return;
        }

        var holder = ring.Holder!;
        ring.Holder = null;
        ring.Locked = false;
        FreeFinished(ring, cpu);
        Add(ring, holder);
        // Unmaps that waited for the lock go in order; one may find the queue full again and re-lock it.
        while (!ring.Locked && ring.WaitHead is { } next)
        {
            ring.WaitHead = next.Next;
            if (ring.WaitHead is null) ring.WaitTail = null;
            next.Next = null;
            _cpus[next.Cpu].Account(CpuWork.LockWait, _sim.Now - next.SubmittedAt);
            Process(ring, next);
        }
    }

    // Every entry queued before flush seq started is now unreachable: its stale window ends here.
    private void RecordStaleWindows(long seq)
    {
        long now = _sim.Now.Picoseconds;
        foreach (var ring in _rings)
        {
            int index = (ring.Head + ring.Recorded) & ring.Mask;
            while (index != ring.Tail && ring.Entries[index].Counter < seq)
            {
                _staleWindow.Record(now - ring.Entries[index].ReturnedAtPs);
                ring.Recorded++;
                index = (index + 1) & ring.Mask;
            }
        }
    }

    private Ring RingOf(int cpu) => _rings.Length == 1 ? _rings[0] : _rings[cpu];

    private struct Entry
    {
        public ulong Pfn;
        public ulong Pages;
        public long Counter;       // flushes started when it was queued
        public long ReturnedAtPs;  // when its unmap returned to the caller
    }

    private sealed class Ring(int capacity)
    {
        public readonly Entry[] Entries = new Entry[capacity];
        public readonly int Mask = capacity - 1;
        public int Head;
        public int Tail;
        public int Recorded;       // entries from Head whose stale window is already recorded
        public bool Locked;
        public PendingUnmap? Holder;
        public PendingUnmap? WaitHead;
        public PendingUnmap? WaitTail;

        public bool IsFull => ((Tail + 1) & Mask) == Head;
        public int Count => (Tail - Head) & Mask;
    }

    private sealed class FlushRecord(FlushQueue queue)
    {
        public readonly FlushQueue Queue = queue;
        public int Cpu;
        public Ring? Ring;
        public SimTime SubmittedAt;
    }
}
