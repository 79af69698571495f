using IommuSim.Host;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Pcie;

namespace IommuSim.Devices.Nic;

/// <summary>
/// One receive queue of a <see cref="NicDevice"/>: its ring of descriptors, the buffers the driver put on it, the NIC's
/// descriptor fetches and write-backs, interrupt moderation, and the NAPI poll on the queue's CPU.
/// </summary>
/// <remarks>
/// <para>Descriptors are counted by running sequence numbers: the driver has refilled <c>refilled</c>; the NIC knows of
/// <c>tailSeen</c> (the last doorbell that reached it), has fetched <c>fetched</c>, given <c>accepted</c> to frames, DMAed
/// <c>issued</c> frames and written back <c>writtenBack</c>; the driver has processed <c>processed</c>. A frame waits in
/// the FIFO for a fetched descriptor; a frame with no descriptor left at all is dropped (the NIC's drop-enable mode).</para>
/// <para>A descriptor write-back and the interrupt message are posted writes behind the frame's data, so the driver
/// sees a frame no earlier than the write-back's retirement and the interrupt no earlier than that.</para>
/// </remarks>
internal sealed class RxQueue
{
    private static readonly Action<object?, long> TimerFired = static (s, generation) => ((RxQueue)s!).OnTimer(generation);
    private static readonly Action<object?, long> CpuForInterrupt = static (s, _) => ((RxQueue)s!).OnCpu(fromInterrupt: true);
    private static readonly Action<object?, long> CpuForRepoll = static (s, _) => ((RxQueue)s!).OnCpu(fromInterrupt: false);
    private static readonly Action<object?, long> PollDone = static (s, frames) => ((RxQueue)s!).OnPollDone((int)frames);
    private static readonly Action<object?, long> Unmapped = static (s, k) => ((RxQueue)s!).OnUnmapped((int)k);
    private static readonly Action<object?, long> DoorbellArrived = static (s, tail) => ((RxQueue)s!).OnDoorbell(tail);

    private struct Frame
    {
        public long ArrivalPs;
        public long InMemoryPs;
        public long VisiblePs;
        public int Bytes;
        public bool Faulted;
    }

    private readonly NicDevice _nic;
    private readonly Simulation _sim;
    private readonly NicSpec _spec;
    private readonly RxBufferSupply _buffers;
    private readonly HostCpu _cpu;
    private readonly ulong _ringAddress;
    private readonly int _ring;
    private readonly int _descriptorBytes;
    private readonly long _perFramePs;
    private readonly Frame[] _frames;
    private long _refilled;
    private long _tailSeen;
    private long _fetched;
    private long _accepted;
    private long _issued;
    private long _writtenBack;
    private long _processed;
    private bool _fetching;
    private bool _armed = true;
    private bool _timerPending;
    private long _timerGeneration;
    private int _sinceInterrupt;
    private long _holdStartPs;
    private long _pollStartPs;
    private int _pollFrames;
    private long _cpuPs;
    private long _windowStartPs;
    private int _sinceAck;

    public RxQueue(NicDevice nic, int index, HostCpu cpu, ulong ringAddress, RxBufferSupply buffers)
    {
        _nic = nic;
        _sim = nic.Simulation;
        _spec = nic.Spec;
        Index = index;
        _cpu = cpu;
        _ringAddress = ringAddress;
        _buffers = buffers;
        _ring = _spec.RingSize;
        _descriptorBytes = (int)_spec.DescriptorSize.Bytes;
        _perFramePs = nic.Costs.CyclesToTime(_spec.RxPacketCycles).Picoseconds;
        _frames = new Frame[_ring];
        Vector = new DeviceVector(nic.Simulation, nic.Engine, nic.Interrupts, nic.RequesterId, nic, cpu, index, NicToken.Interrupt(index), CpuForInterrupt, this);
        // The driver fills all but one descriptor (ixgbe_desc_unused: a full ring would look empty) and writes the tail.
        _refilled = _tailSeen = _ring - 1;
    }

    public int Index { get; }

    public int Cpu => _cpu.Index;

    /// <summary>Interrupts the queue raised since the window started.</summary>
    public long Interrupts => Vector.Raised;

    /// <summary>The queue's MSI-X vector (its index).</summary>
    public DeviceVector Vector { get; }

    /// <summary>NAPI polls since the window started.</summary>
    public long Polls { get; private set; }

    /// <summary>Descriptor fetches (DMA reads) since the window started.</summary>
    public long Fetches { get; private set; }

    /// <summary>Descriptor write-backs (DMA writes) since the window started.</summary>
    public long Writebacks { get; private set; }

    /// <summary>Share of the time since the window started that the queue's driver work held its CPU.</summary>
    public double CpuShare
    {
        get
        {
            long window = _sim.Now.Picoseconds - _windowStartPs;
            return window <= 0 ? 0 : Math.Min(1, (double)_cpuPs / window);
        }
    }

    public void ResetStatistics()
    {
        Polls = Fetches = Writebacks = 0;
        Vector.ResetStatistics();
        _cpuPs = 0;
        _windowStartPs = _sim.Now.Picoseconds;
    }

    public void Start() => MaybeFetch();

    /// <summary>True when the NIC knows of a descriptor no frame has taken yet (the driver's last doorbell reached it).</summary>
    public bool HasDescriptor => _tailSeen > _accepted;

    /// <summary>A frame admitted to the FIFO takes the next descriptor (call only when <see cref="HasDescriptor"/>).</summary>
    public void Accept(int bytes)
    {
        long d = _accepted++;
        _frames[d % _ring] = new Frame { ArrivalPs = _sim.Now.Picoseconds, Bytes = bytes, InMemoryPs = RetireTimeline.Unknown, VisiblePs = RetireTimeline.Unknown };
        if (_issued == d && d < _fetched) IssueData(d);
        else MaybeFetch();
    }

    private void IssueData(long d)
    {
        _issued = d + 1;
        ref var f = ref _frames[d % _ring];
        var status = _nic.Engine.TryWrite(_buffers.AddressOf(d), f.Bytes, _nic, NicToken.Data(Index, d), interrupt: false, out var timing);
        if (status != WriteStatus.Blocked) _nic.Fifo.Drains(timing.DrainedPs, f.Bytes);
        if (status == WriteStatus.Retired) OnDataRetired(d, timing);
        OnDescriptorDone();
    }

    public void OnDataDrained(long d, long drainedPs) => _nic.Fifo.Drains(drainedPs, _frames[d % _ring].Bytes);

    public void OnDataRetired(long d, in WriteTiming timing)
    {
        ref var f = ref _frames[d % _ring];
        f.InMemoryPs = timing.InMemoryPs;
        f.Faulted = timing.Faulted;
    }

    private void OnDescriptorDone()
    {
        if (_issued - _writtenBack >= _spec.WritebackBatch) WriteBack();
        if (!_armed) return;
        _sinceInterrupt++;
        if (_spec.RxFrames > 0 && _sinceInterrupt >= _spec.RxFrames) Fire();
        else if (!_timerPending) StartTimer();
    }

    // Writes back the descriptors of frames whose data is issued, in one DMA write per contiguous run of the ring.
    private void WriteBack()
    {
        while (_writtenBack < _issued)
        {
            long first = _writtenBack;
            long count = Math.Min(_issued - first, _ring - first % _ring);
            _writtenBack += count;
            Writebacks++;
            ulong address = _ringAddress + (ulong)(first % _ring * _descriptorBytes);
            var status = _nic.Engine.TryWrite(address, (int)count * _descriptorBytes, _nic, NicToken.Writeback(Index, first + count), interrupt: false, out var timing);
            if (status == WriteStatus.Retired) OnWritebackRetired(first + count, timing.InMemoryPs);
        }
    }

    /// <summary>The write-back ending at descriptor <paramref name="end"/> retired: its frames are visible to the driver.</summary>
    public void OnWritebackRetired(long end, long retiredPs)
    {
        for (long d = end - 1; d >= _processed && _frames[d % _ring].VisiblePs == RetireTimeline.Unknown; d--)
            _frames[d % _ring].VisiblePs = retiredPs;
    }

    private void StartTimer()
    {
        if (_spec.RxUsecs.Picoseconds == 0)
        {
            Fire();
            return;
        }
        _timerPending = true;
        _sim.Schedule(_spec.RxUsecs, TimerFired, this, ++_timerGeneration);
    }

    private void OnTimer(long generation)
    {
        if (generation != _timerGeneration || !_timerPending) return;
        _timerPending = false;
        if (_armed) Fire();
    }

    // The moderation condition is met: flush write-backs, mask the vector, and send the MSI behind them.
    private void Fire()
    {
        WriteBack();
        _armed = false;
        _timerPending = false;
        _timerGeneration++;
        _sinceInterrupt = 0;
        Vector.Raise();
    }

    // The hard interrupt handler schedules NAPI, whose poll runs next on the same CPU (softirq); a repoll skips the handler.
    private void OnCpu(bool fromInterrupt)
    {
        long now = _sim.Now.Picoseconds;
        _holdStartPs = now;
        long handler = 0;
        if (fromInterrupt)
        {
            handler = _nic.Costs.InterruptTime.Picoseconds;
            _cpu.Account(CpuWork.Interrupt, new SimTime(handler));
        }
        Polls++;
        long t = now + handler;
        _pollStartPs = t;
        int n = 0;
        for (long d = _processed; n < _spec.NapiBudget && d < _writtenBack && _frames[d % _ring].VisiblePs <= t; d++) n++;
        _pollFrames = n;
        _sim.Schedule(new SimTime(handler), Unmapped, this, 0);
    }

    // Per-packet buffers: dma_unmap_single of each received buffer, one after the other, before the frames go up the stack.
    private void OnUnmapped(int k)
    {
        if (_buffers.UnmapsOnReceive && k < _pollFrames) _buffers.Unmap(_processed + k, _cpu.Index, Unmapped, this, k + 1);
        else RunStack();
    }

    // The frames go up the stack, then the driver refills the ring with as many buffers and rings the doorbell.
    private void RunStack()
    {
        long now = _sim.Now.Picoseconds;
        int n = _pollFrames;
        long stack = n * _perFramePs;
        if (stack > 0) _cpu.Account(CpuWork.Stack, new SimTime(stack));
        long refill = 0;
        for (int k = 0; k < n; k++)
        {
            long d = _processed + k;
            ref var f = ref _frames[d % _ring];
            _nic.RecordFrame(f.ArrivalPs, f.InMemoryPs, _pollStartPs, now + (k + 1) * _perFramePs, f.Bytes, f.Faulted);
        }
        _processed += n;
        // TCP's reverse path: an ACK every ack_every frames, sent from this softirq on the queue's transmit ring.
        if (_spec.AckEvery > 0)
            for (int k = 0; k < n; k++)
                if (++_sinceAck == _spec.AckEvery)
                {
                    _sinceAck = 0;
                    _nic.CountAck();
                    refill += _nic.TransmitQueue(Index).Xmit(66, ack: true);
                }
        // Refill up to one short of a full ring; a failed map leaves the rest for the next poll.
        for (long target = _processed + _ring - 1; _refilled < target; _refilled++)
        {
            bool ok = _buffers.TryRefill(_refilled, _cpu.Index, out long cost);
            refill += cost;
            if (!ok)
            {
                _nic.MapFailed();
                break;
            }
        }
        _sim.Schedule(new SimTime(stack + refill), PollDone, this, n);
    }

    private void OnPollDone(int n)
    {
        long now = _sim.Now.Picoseconds;
        _cpuPs += now - _holdStartPs;
        if (_refilled > _tailSeen) _sim.Schedule(_nic.DoorbellLatency, DoorbellArrived, this, _refilled);
        _cpu.Release();
        if (n == _spec.NapiBudget)
        {
            _cpu.Acquire(CpuContext.Interrupt, CpuForRepoll, this, 0);
            return;
        }
        // napi_complete_done: the vector is unmasked; frames completed meanwhile start moderation afresh.
        _armed = true;
        _sinceInterrupt = (int)Math.Min(int.MaxValue, _issued - _processed);
        if (_sinceInterrupt == 0) return;
        if (_spec.RxFrames > 0 && _sinceInterrupt >= _spec.RxFrames) Fire();
        else StartTimer();
    }

    private void OnDoorbell(long tail)
    {
        if (tail > _tailSeen) _tailSeen = tail;
        MaybeFetch();
    }

    private void MaybeFetch()
    {
        if (_fetching || _tailSeen <= _fetched || _fetched - _accepted >= _spec.DescriptorFetch) return;
        long count = Math.Min(Math.Min(_spec.DescriptorFetch, _tailSeen - _fetched), _ring - _fetched % _ring);
        _fetching = true;
        Fetches++;
        _nic.Engine.Read(_ringAddress + (ulong)(_fetched % _ring * _descriptorBytes), (int)count * _descriptorBytes, _nic,
            NicToken.Fetch(Index, count));
    }

    /// <summary>A descriptor fetch of <paramref name="count"/> descriptors arrived: frames waiting for them go.</summary>
    public void OnFetched(long count)
    {
        _fetching = false;
        _fetched += count;
        while (_issued < _accepted && _issued < _fetched) IssueData(_issued);
        MaybeFetch();
    }
}
