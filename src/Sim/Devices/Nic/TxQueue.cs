using IommuSim.Host;
using IommuSim.Kernel;

namespace IommuSim.Devices.Nic;

/// <summary>
/// One transmit queue of a <see cref="NicDevice"/>, on the CPU of its receive queue: the driver maps each frame (its
/// linear part and its page fragments, one descriptor each) and rings the doorbell; the NIC fetches the descriptors,
/// reads the data, sends the frame on the wire and writes the descriptors back; the clean-up poll unmaps the frame.
/// </summary>
/// <remarks>
/// The NIC reads a frame's data only while its transmit buffer (<see cref="NicSpec.TxFifo"/>) has room for it, so
/// reads run ahead of the wire by at most that much. A descriptor is complete when its frame has left on the wire;
/// write-backs and the interrupt follow as on receive (<see cref="NicSpec.WritebackBatch"/>, the same moderation).
/// </remarks>
internal sealed class TxQueue
{
    private const int MaxBuffers = 17;
    private const int HeaderBytes = 66;

    private static readonly Action<object?, long> CpuForSend = static (s, bytes) => ((TxQueue)s!).OnCpuForSend((int)bytes);
    private static readonly Action<object?, long> Sent = static (s, _) => ((TxQueue)s!)._cpu.Release();
    private static readonly Action<object?, long> DoorbellArrived = static (s, tail) => ((TxQueue)s!).OnDoorbell(tail);
    private static readonly Action<object?, long> RoomAgain = static (s, _) => ((TxQueue)s!).OnRoom();
    private static readonly Action<object?, long> OnWire = static (s, frame) => ((TxQueue)s!).OnFrameSent(frame);
    private static readonly Action<object?, long> TimerFired = static (s, generation) => ((TxQueue)s!).OnTimer(generation);
    private static readonly Action<object?, long> CpuForClean = static (s, fromInterrupt) => ((TxQueue)s!).OnCpuForClean(fromInterrupt != 0);
    private static readonly Action<object?, long> Unmapped = static (s, k) => ((TxQueue)s!).OnUnmapped((int)k);

    private struct Frame
    {
        public long SendPs;
        public long WirePs;
        public long FirstDescriptor;
        public int Bytes;
        public int Buffers;
        public int ReadsLeft;
        public bool Faulted;
        public bool Ack;
    }

    private readonly NicDevice _nic;
    private readonly Simulation _sim;
    private readonly NicSpec _spec;
    private readonly HostCpu _cpu;
    private readonly DmaApi _dma;
    private readonly DmaDevice _device;
    private readonly ulong _ringAddress;
    private readonly ulong _physical;
    private readonly int _ring;
    private readonly int _descriptorBytes;
    private readonly long _perFramePs;
    private readonly Frame[] _frames;
    private readonly ulong[] _address;
    private readonly int[] _length;
    private readonly RxFifo _buffer;
    private long _produced;          // descriptors the driver wrote
    private long _framesProduced;
    private long _cleaned;           // descriptors the driver cleaned
    private long _framesCleaned;
    private long _tailSeen;
    private long _fetched;
    private bool _fetching;
    private long _framesRead;        // frames whose reads were issued
    private long _framesSent;        // frames put on the wire (in order)
    private long _framesDone;        // frames whose wire time has passed
    private long _framesWrittenBack;
    private bool _waitingForRoom;
    private bool _roomScheduled;
    private bool _armed = true;
    private bool _timerPending;
    private long _timerGeneration;
    private int _cleanFrames;
    private int _cleanBuffers;
    private long _holdStartPs;
    private long _windowStartPs;
    private long _cpuPs;

    public TxQueue(NicDevice nic, int index, HostCpu cpu, DmaApi dma, DmaDevice device, ulong ringAddress, ulong physical)
    {
        _nic = nic;
        _sim = nic.Simulation;
        _spec = nic.Spec;
        Index = index;
        _cpu = cpu;
        _dma = dma;
        _device = device;
        _ringAddress = ringAddress;
        _physical = physical;
        _ring = _spec.RingSize;
        _descriptorBytes = (int)_spec.DescriptorSize.Bytes;
        _perFramePs = nic.Costs.CyclesToTime(_spec.TxPacketCycles).Picoseconds;
        _frames = new Frame[_ring];
        _address = new ulong[_ring];
        _length = new int[_ring];
        _buffer = new RxFifo(_spec.TxFifo.Bytes, _sim.Now);
        Vector = new DeviceVector(nic.Simulation, nic.Engine, nic.Interrupts, nic.RequesterId, nic, cpu, _spec.Queues + index, NicToken.TxInterrupt(index), CpuForClean, this);
    }

    /// <summary>The queue's index; its vector is <see cref="NicSpec.Queues"/> + index.</summary>
    public int Index { get; }

    /// <summary>Frames the driver sent (mapped and handed to the NIC) since the window started.</summary>
    public long FramesSent { get; private set; }

    /// <summary>Frames that left on the wire since the window started, and their bytes.</summary>
    public long FramesOnWire { get; private set; }

    /// <summary>Bytes of the frames that left on the wire since the window started.</summary>
    public long BytesOnWire { get; private set; }

    /// <summary>Frames dropped since the window started because the ring was full (the stack's queue stopped).</summary>
    public long RingFullDrops { get; private set; }

    /// <summary>Frames dropped since the window started because a map failed.</summary>
    public long MapFailures { get; private set; }

    /// <summary>Interrupts raised since the window started.</summary>
    public long Interrupts => Vector.Raised;

    /// <summary>The queue's MSI-X vector (<see cref="NicSpec.Queues"/> + its index).</summary>
    public DeviceVector Vector { get; }

    /// <summary>Share of the time since the window started that the queue's clean-up work held its CPU.</summary>
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
        FramesSent = FramesOnWire = BytesOnWire = RingFullDrops = MapFailures = 0;
        Vector.ResetStatistics();
        _cpuPs = 0;
        _windowStartPs = _sim.Now.Picoseconds;
    }

    /// <summary>A frame of <paramref name="bytes"/> to send from a task: the driver's xmit runs when the CPU is its.</summary>
    public void Send(int bytes) => _cpu.Acquire(CpuContext.Task, CpuForSend, this, bytes);

    private void OnCpuForSend(int bytes)
    {
        long cost = Xmit(bytes, ack: false);
        _cpuPs += cost;
        _sim.Schedule(new SimTime(cost), Sent, this, 0);
    }

    /// <summary>
    /// The driver's xmit of a frame of <paramref name="bytes"/> on the queue's CPU, which the caller holds: maps the
    /// linear part and the fragments, writes their descriptors and rings the doorbell; returns the CPU time it took.
    /// An ACK (<paramref name="ack"/>) is the stack's own frame: it is not counted as offered or sent traffic.
    /// </summary>
    public long Xmit(int bytes, bool ack)
    {
        int fragments = _spec.TxFragments == 0 || bytes <= HeaderBytes ? 0 : _spec.TxFragments;
        int buffers = 1 + fragments;
        long cost = _perFramePs;
        if (!ack) _nic.CountTxOffered(bytes);
        if (_produced + buffers - _cleaned > _ring - 1)
        {
            RingFullDrops++;
            return cost;
        }
        long frame = _framesProduced;
        int linear = fragments == 0 ? bytes : HeaderBytes;
        int rest = bytes - linear;
        for (int k = 0; k < buffers; k++)
        {
            int length = k == 0 ? linear : rest / fragments + (k <= rest % fragments ? 1 : 0);
            // The linear part sits in a 2 KiB slot of the skb heads, fragments in 16 KiB page-fragment slots.
            ulong paddr = k == 0 ? _physical + (ulong)(frame % _ring) * 2048 : _physical + (ulong)_ring * 2048 + (ulong)((_produced + k) % _ring) * 16384;
            if (!_dma.TryMapSingle(_device, _cpu.Index, paddr, (ulong)length, DmaDataDirection.ToDevice, out ulong iova, out var mapCost))
            {
                // dma_mapping_error: the driver unmaps what it mapped (not modelled as time) and drops the frame.
                cost += mapCost.Picoseconds;
                for (int j = 0; j < k; j++) _dma.UnmapSingle(_device, _cpu.Index, _address[(_produced + j) % _ring], (ulong)_length[(_produced + j) % _ring], DmaDataDirection.ToDevice);
                MapFailures++;
                _nic.MapFailed();
                return cost;
            }
            cost += mapCost.Picoseconds;
            _address[(_produced + k) % _ring] = iova;
            _length[(_produced + k) % _ring] = length;
        }
        _frames[frame % _ring] = new Frame { SendPs = _sim.Now.Picoseconds, Bytes = bytes, Buffers = buffers, ReadsLeft = buffers, FirstDescriptor = _produced, Ack = ack };
        _produced += buffers;
        _framesProduced++;
        if (!ack) FramesSent++;
        _sim.Schedule(new SimTime(cost) + _nic.DoorbellLatency, DoorbellArrived, this, _produced);
        return cost;
    }

    private void OnDoorbell(long tail)
    {
        if (tail > _tailSeen) _tailSeen = tail;
        MaybeFetch();
    }

    private void MaybeFetch()
    {
        if (_fetching || _tailSeen <= _fetched) return;
        long count = Math.Min(Math.Min(_spec.DescriptorFetch, _tailSeen - _fetched), _ring - _fetched % _ring);
        _fetching = true;
        _nic.Engine.Read(_ringAddress + (ulong)(_fetched % _ring * _descriptorBytes), (int)count * _descriptorBytes, _nic,
            NicToken.TxFetch(Index, count));
    }

    /// <summary>A fetch of <paramref name="count"/> descriptors arrived.</summary>
    public void OnFetched(long count)
    {
        _fetching = false;
        _fetched += count;
        IssueReads();
        MaybeFetch();
    }

    // Reads the data of frames whose descriptors are fetched, in order, while the transmit buffer has room.
    private void IssueReads()
    {
        while (_framesRead < _framesProduced)
        {
            ref var f = ref _frames[_framesRead % _ring];
            long firstDescriptor = f.FirstDescriptor;
            if (firstDescriptor + f.Buffers > _fetched) return;
            if (!_buffer.TryAdmit(_sim.Now, f.Bytes))
            {
                _waitingForRoom = true;
                WaitForRoom();
                return;
            }
            for (int k = 0; k < f.Buffers; k++)
            {
                long d = firstDescriptor + k;
                _nic.Engine.Read(_address[d % _ring], _length[d % _ring], _nic, NicToken.TxRead(Index, _framesRead));
            }
            _framesRead++;
        }
    }

    // Retry when the next frame known to leave the buffer has left (none known: when one goes on the wire).
    private void WaitForRoom()
    {
        if (_roomScheduled || _buffer.NextDrainPs == long.MaxValue) return;
        _roomScheduled = true;
        _sim.Schedule(new SimTime(Math.Max(0, _buffer.NextDrainPs - _sim.Now.Picoseconds)), RoomAgain, this, 0);
    }

    private void OnRoom()
    {
        _roomScheduled = false;
        _waitingForRoom = false;
        IssueReads();
    }

    /// <summary>One of frame <paramref name="frame"/>'s data reads arrived; a frame whose data is all in goes on the wire in order.</summary>
    public void OnRead(long frame, bool faulted)
    {
        ref var f = ref _frames[frame % _ring];
        f.ReadsLeft--;
        if (faulted) f.Faulted = true;
        while (_framesSent < _framesRead && _frames[_framesSent % _ring].ReadsLeft == 0)
        {
            ref var next = ref _frames[_framesSent % _ring];
            long done = _nic.TransmitOnWire(next.Bytes);
            next.WirePs = done;
            _buffer.Drains(done, next.Bytes);
            _sim.Schedule(new SimTime(done - _sim.Now.Picoseconds), OnWire, this, _framesSent);
            _framesSent++;
        }
        if (_waitingForRoom) WaitForRoom();
    }

    // A frame has left on the wire: its descriptors are complete.
    private void OnFrameSent(long frame)
    {
        ref var f = ref _frames[frame % _ring];
        _framesDone = frame + 1;
        if (!f.Faulted && !f.Ack)
        {
            FramesOnWire++;
            BytesOnWire += f.Bytes;
            _nic.RecordTx(f.SendPs, f.WirePs, f.Bytes);
        }
        if (_framesDone - _framesWrittenBack >= _spec.WritebackBatch) WriteBack();
        if (!_armed) return;
        if (!_timerPending)
        {
            _timerPending = true;
            _sim.Schedule(_spec.RxUsecs, TimerFired, this, ++_timerGeneration);
        }
    }

    // The descriptors of the frames sent since the last write-back, in one DMA write per run that does not wrap.
    private void WriteBack()
    {
        if (_framesWrittenBack >= _framesDone) return;
        long first = _frames[_framesWrittenBack % _ring].FirstDescriptor;
        ref var last = ref _frames[(_framesDone - 1) % _ring];
        long end = last.FirstDescriptor + last.Buffers;
        _framesWrittenBack = _framesDone;
        while (first < end)
        {
            long count = Math.Min(end - first, _ring - first % _ring);
            _nic.Engine.TryWrite(_ringAddress + (ulong)(first % _ring * _descriptorBytes), (int)count * _descriptorBytes, _nic,
                NicToken.TxWriteback(Index, _framesWrittenBack), interrupt: false, out _);
            first += count;
        }
    }

    private void OnTimer(long generation)
    {
        if (generation != _timerGeneration || !_timerPending) return;
        _timerPending = false;
        if (!_armed) return;
        WriteBack();
        _armed = false;
        Vector.Raise();
    }

    // The clean-up poll: unmap every buffer of each completed frame (written back), up to the budget.
    private void OnCpuForClean(bool fromInterrupt)
    {
        _holdStartPs = _sim.Now.Picoseconds;
        long handler = fromInterrupt ? _nic.Costs.InterruptTime.Picoseconds : 0;
        if (handler > 0) _cpu.Account(CpuWork.Interrupt, new SimTime(handler));
        _cleanFrames = (int)Math.Min(_spec.NapiBudget, _framesWrittenBack - _framesCleaned);
        _cleanBuffers = 0;
        for (int n = 0; n < _cleanFrames; n++) _cleanBuffers += _frames[(_framesCleaned + n) % _ring].Buffers;
        _sim.Schedule(new SimTime(handler), Unmapped, this, 0);
    }

    private void OnUnmapped(int k)
    {
        int buffers = _cleanBuffers;
        if (k < buffers)
        {
            long d = _cleaned + k;
            _dma.UnmapSingle(_device, _cpu.Index, _address[d % _ring], (ulong)_length[d % _ring], DmaDataDirection.ToDevice, Unmapped, this, k + 1);
            return;
        }
        _cleaned += buffers;
        _framesCleaned += _cleanFrames;
        _cpuPs += _sim.Now.Picoseconds - _holdStartPs;
        _cpu.Release();
        if (_cleanFrames == _spec.NapiBudget)
        {
            _cpu.Acquire(CpuContext.Interrupt, CpuForClean, this, 0);
            return;
        }
        _armed = true;
        if (_framesDone > _framesCleaned && !_timerPending)
        {
            _timerPending = true;
            _sim.Schedule(_spec.RxUsecs, TimerFired, this, ++_timerGeneration);
        }
    }
}
