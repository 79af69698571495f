using IommuSim.Host;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Pcie;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// One I/O queue pair of an <see cref="NvmeDevice"/> and the driver side of it on its CPU: submission (block layer,
/// dma_map_sg, data pointers, the 64 B command, the tail doorbell), the controller (command fetch, data-pointer reads,
/// media, data transfer, the 16 B completion entry, MSI-X) and completion (the handler, dma_unmap_sg).
/// </summary>
/// <remarks>
/// A completion entry is a posted write behind the data of a read, and the interrupt message behind it, so the driver
/// sees the entry (its phase tag flipped) when that write retires. The handler takes every entry visible by then.
/// </remarks>
internal sealed class NvmeQueuePair
{
    private const int CommandBytes = 64;
    private const int CompletionBytes = 16;

    private static readonly Action<object?, long> CpuForSubmit = static (s, io) => ((NvmeQueuePair)s!).OnCpuForSubmit((int)io);
    private static readonly Action<object?, long> Submitted = static (s, io) => ((NvmeQueuePair)s!).OnSubmitted((int)io);
    private static readonly Action<object?, long> DoorbellArrived = static (s, io) => ((NvmeQueuePair)s!).OnDoorbell((int)io);
    private static readonly Action<object?, long> MediaDone = static (s, io) => ((NvmeQueuePair)s!).OnMediaDone((int)io);
    private static readonly Action<object?, long> Unmapped = static (s, io) => ((NvmeQueuePair)s!).OnUnmapped((int)io);

    private readonly NvmeDevice _nvme;
    private readonly Simulation _sim;
    private readonly NvmeSpec _spec;
    private readonly HostCpu _cpu;
    private readonly DmaApi _dma;
    private readonly DmaDevice _device;
    private readonly ulong _sqAddress;
    private readonly ulong _cqAddress;
    private readonly NvmeIo[] _ios;
    private readonly int[] _free;
    private int _freeCount;
    private readonly int[] _completed;
    private long _completedHead;
    private long _completedTail;
    private readonly RandomStream _choices;
    private readonly long _submitPs;
    private readonly long _completePs;
    private long _sqTail;
    private long _cqTail;

    public NvmeQueuePair(NvmeDevice nvme, int index, HostCpu cpu, DmaApi dma, DmaDevice device, ulong sqAddress, ulong cqAddress,
        RandomStream choices)
    {
        _nvme = nvme;
        _sim = nvme.Simulation;
        _spec = nvme.Spec;
        Index = index;
        _cpu = cpu;
        _dma = dma;
        _device = device;
        _sqAddress = sqAddress;
        _cqAddress = cqAddress;
        _choices = choices;
        int entries = _spec.QueueEntries;
        _ios = new NvmeIo[entries];
        _free = new int[entries];
        _completed = new int[entries];
        for (int i = entries - 1; i >= 0; i--) _free[_freeCount++] = i;
        _submitPs = nvme.Costs.CyclesToTime(_spec.SubmitCycles).Picoseconds;
        _completePs = nvme.Costs.CyclesToTime(_spec.CompleteCycles).Picoseconds;
    }

    public int Index { get; }

    public int Cpu => _cpu.Index;

    /// <summary>I/Os in flight (submitted or waiting for the CPU to submit).</summary>
    public int InFlight => _spec.QueueEntries - _freeCount;

    /// <summary>Issues an I/O now: it waits for the queue's CPU to submit it.</summary>
    /// <returns>False when every entry of the queue is taken (the I/O is refused, as a full tag set blocks blk-mq).</returns>
    public bool Issue()
    {
        if (_freeCount <= 1) return false;
        int slot = _free[--_freeCount];
        ref var io = ref _ios[slot];
        // A slot's arrays are made on its first use: a closed loop only ever uses its depth's worth.
        if (io.Pages is null) Equip(ref io);
        io.IssuedPs = _sim.Now.Picoseconds;
        io.Read = _spec.ReadFraction >= 1 || _choices.NextDouble() < _spec.ReadFraction;
        io.Bytes = NextSize();
        io.Faulted = false;
        _cpu.Acquire(CpuContext.Task, CpuForSubmit, this, slot);
        return true;
    }

    private void Equip(ref NvmeIo io)
    {
        int pages = (int)(_spec.LargestIo.Bytes / 4096) + 2;
        io.Pages = new ScatterEntry[pages];
        io.Mapped = new DmaSegment[pages];
        // One segment per controller page at most (PRP entries), one more for an unaligned start.
        io.Data = new DmaSegment[pages + 1];
        io.Blocks = new ulong[NvmeDataPointerBuilder.MaxDescriptorReads];
        io.BlockPools = new NvmeDescriptorPool[NvmeDataPointerBuilder.MaxDescriptorReads];
        io.PointerReadAddress = new ulong[NvmeDataPointerBuilder.MaxDescriptorReads];
        io.PointerReadBytes = new int[NvmeDataPointerBuilder.MaxDescriptorReads];
        io.PointerReadIsSgl = new bool[NvmeDataPointerBuilder.MaxDescriptorReads];
    }

    private int NextSize()
    {
        long lo = _spec.IoSize.Bytes, hi = _spec.IoSizeMax.Bytes;
        if (hi <= lo) return (int)lo;
        long steps = (hi - lo) / 4096;
        return (int)(lo + 4096 * _choices.NextInt64(steps + 1));
    }

    // The block layer and the driver: pick the buffer's pages, dma_map_sg them, build the data pointers, write the command.
    private void OnCpuForSubmit(int slot)
    {
        ref var io = ref _ios[slot];
        io.SubmittedPs = _sim.Now.Picoseconds;
        int pages = FillPages(ref io);
        io.PhysicalSegments = pages;
        var direction = io.Read ? DmaDataDirection.FromDevice : DmaDataDirection.ToDevice;
        io.Segments = _dma.MapSg(_device, _cpu.Index, io.Pages.AsSpan(0, pages), io.Mapped, direction, out var mapCost);
        long cost = _submitPs + mapCost.Picoseconds;
        _cpu.Account(CpuWork.Stack, new SimTime(_submitPs));
        if (io.Segments == 0)
        {
            _nvme.MapFailed();
            _sim.Schedule(new SimTime(cost), Submitted, this, ~slot);
            return;
        }
        cost += _nvme.Pointers.Build(ref io, Index, io.PhysicalSegments);
        _sim.Schedule(new SimTime(cost), Submitted, this, slot);
    }

    // A page-cache run (one contiguous piece) or pinned user pages (each page anywhere in the pool).
    private int FillPages(ref NvmeIo io)
    {
        int pages = (io.Bytes + 4095) / 4096;
        ulong pool = _nvme.PoolAddress;
        int poolPages = _spec.BufferPool;
        if (_spec.BufferPages == BufferPages.Contiguous)
        {
            long first = _choices.NextInt64(poolPages - pages + 1);
            io.Pages[0] = new ScatterEntry(pool + (ulong)first * 4096, (uint)io.Bytes);
            return 1;
        }
        int left = io.Bytes;
        for (int k = 0; k < pages; k++)
        {
            long page = _choices.NextInt64(poolPages);
            io.Pages[k] = new ScatterEntry(pool + (ulong)page * 4096, (uint)Math.Min(4096, left));
            left -= 4096;
        }
        return pages;
    }

    private void OnSubmitted(int slot)
    {
        _cpu.Release();
        if (slot < 0)
        {
            // A failed map: the I/O ends in error at once.
            _nvme.RecordFailed();
            Return(~slot);
            _nvme.OnIoEnded(this);
            return;
        }
        _ios[slot].CommandSlot = _sqTail++;
        _ios[slot].FetchStartPs = _sim.Now.Picoseconds;
        _sim.Schedule(_nvme.DoorbellLatency, DoorbellArrived, this, slot);
    }

    // The tail doorbell reached the controller: it fetches the command.
    private void OnDoorbell(int slot)
    {
        ref var io = ref _ios[slot];
        ulong address = _sqAddress + (ulong)(io.CommandSlot % _spec.QueueEntries * CommandBytes);
        _nvme.Engine.Read(address, CommandBytes, _nvme, NvmeToken.Command(Index, slot));
    }

    /// <summary>The command arrived in the controller: it reads the data pointers it names, one after the other.</summary>
    public void OnCommandRead(int slot, bool faulted)
    {
        ref var io = ref _ios[slot];
        io.CommandInPs = _sim.Now.Picoseconds;
        io.Faulted |= faulted;
        io.NextPointerRead = 0;
        NextPointerRead(slot);
    }

    private void NextPointerRead(int slot)
    {
        ref var io = ref _ios[slot];
        if (io.NextPointerRead < io.PointerReads)
        {
            int k = io.NextPointerRead++;
            _nvme.CountPointerRead(io.PointerReadIsSgl[k]);
            _nvme.Engine.Read(io.PointerReadAddress[k], io.PointerReadBytes[k], _nvme, NvmeToken.Pointers(Index, slot));
            return;
        }
        io.PointersInPs = _sim.Now.Picoseconds;
        if (io.Read) StartMedia(slot);
        else
        {
            // A write: the controller reads the data from memory first, all segments at once.
            io.DataReadsLeft = io.DataSegments;
            for (int s = 0; s < io.DataSegments; s++)
                _nvme.Engine.Read(io.Data[s].DmaAddress, (int)io.Data[s].Length, _nvme, NvmeToken.Data(Index, slot));
        }
    }

    /// <summary>A data-pointer read arrived.</summary>
    public void OnPointersRead(int slot, bool faulted)
    {
        _ios[slot].Faulted |= faulted;
        NextPointerRead(slot);
    }

    /// <summary>One of a write's data reads arrived.</summary>
    public void OnDataRead(int slot, bool faulted)
    {
        ref var io = ref _ios[slot];
        io.Faulted |= faulted;
        if (--io.DataReadsLeft > 0) return;
        io.DataDonePs = _sim.Now.Picoseconds;
        StartMedia(slot);
    }

    private void StartMedia(int slot)
    {
        ref var io = ref _ios[slot];
        io.MediaInPs = _sim.Now.Picoseconds;
        io.MediaDonePs = _nvme.Media.Serve(io.MediaInPs, io.Read, io.Bytes);
        _sim.Schedule(new SimTime(io.MediaDonePs - io.MediaInPs), MediaDone, this, slot);
    }

    // The media is done: a read's data goes to memory, then the completion entry and the interrupt, all posted in order.
    private void OnMediaDone(int slot)
    {
        ref var io = ref _ios[slot];
        if (io.Read)
            for (int s = 0; s < io.DataSegments; s++)
            {
                var status = _nvme.Engine.TryWrite(io.Data[s].DmaAddress, (int)io.Data[s].Length, _nvme, NvmeToken.Data(Index, slot),
                    interrupt: false, out var timing);
                if (status == WriteStatus.Retired) io.DataDonePs = Math.Max(io.DataDonePs, timing.InMemoryPs);
                io.Faulted |= timing.Faulted;
            }
        ulong entry = _cqAddress + (ulong)(_cqTail++ % _spec.QueueEntries * CompletionBytes);
        var cqe = _nvme.Engine.TryWrite(entry, CompletionBytes, _nvme, NvmeToken.Completion(Index, slot), interrupt: false, out var t);
        if (cqe == WriteStatus.Retired) OnCompletionVisible(slot, t.InMemoryPs);
        _nvme.Vector(Index).Raise();
    }

    /// <summary>The completion entry of <paramref name="slot"/> retired at <paramref name="atPs"/>: the driver can see it.</summary>
    public void OnCompletionVisible(int slot, long atPs)
    {
        _ios[slot].CompletionPs = atPs;
        _completed[_completedTail++ % _completed.Length] = slot;
    }

    /// <summary>A data write of a read retired (its time was not known when issued).</summary>
    public void OnDataWritten(int slot, in WriteTiming timing)
    {
        ref var io = ref _ios[slot];
        io.DataDonePs = Math.Max(io.DataDonePs, timing.InMemoryPs);
        io.Faulted |= timing.Faulted;
    }

    /// <summary>The queue's interrupt handler, on its CPU (held): take every visible completion, complete and unmap each.</summary>
    public void OnInterrupt()
    {
        long handler = _nvme.Costs.InterruptTime.Picoseconds;
        _cpu.Account(CpuWork.Interrupt, new SimTime(handler));
        _sim.Schedule(new SimTime(handler), Unmapped, this, -1);
    }

    // Unmapped(-1) starts the handler's loop; Unmapped(slot) follows an I/O's dma_unmap_sg.
    private void OnUnmapped(int slot)
    {
        if (slot >= 0)
        {
            ref var done = ref _ios[slot];
            _nvme.RecordIo(done, _sim.Now.Picoseconds);
            Return(slot);
            _nvme.OnIoEnded(this);
        }
        long now = _sim.Now.Picoseconds;
        if (_completedHead < _completedTail && _ios[_completed[_completedHead % _completed.Length]].CompletionPs <= now)
        {
            int next = _completed[_completedHead++ % _completed.Length];
            _cpu.Account(CpuWork.Stack, new SimTime(_completePs));
            _sim.Schedule(new SimTime(_completePs), StartUnmap, this, next);
            return;
        }
        _cpu.Release();
    }

    private static readonly Action<object?, long> StartUnmap = static (s, io) => ((NvmeQueuePair)s!).Unmap((int)io);

    private void Unmap(int slot)
    {
        ref var io = ref _ios[slot];
        _nvme.Pointers.Free(ref io, Index);
        var direction = io.Read ? DmaDataDirection.FromDevice : DmaDataDirection.ToDevice;
        _dma.UnmapSg(_device, _cpu.Index, io.Mapped.AsSpan(0, io.Segments), direction, Unmapped, this, slot);
    }

    private void Return(int slot) => _free[_freeCount++] = slot;
}
