using IommuSim.Host;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// The driver's descriptor pools (Linux's per-device dma_pools of 256 B and 4 KiB blocks for PRP lists and SGL
/// segments), one region per queue mapped once at setup, and the building of each I/O's data pointers with them.
/// A block goes back to its pool when its I/O completes.
/// </summary>
internal sealed class NvmePointerPool : INvmeDescriptorAllocator
{
    private const int SmallBytes = NvmeDataPointerBuilder.SmallPoolBytes;
    private const int LargeBytes = 4096;

    private readonly NvmeDataPointerBuilder _builder;
    private readonly ulong[] _regions;
    private readonly long _regionBytes;
    private readonly Stack<ulong>[] _small;
    private readonly Stack<ulong>[] _large;
    private readonly long[] _carved;
    private readonly NvmeDescriptorRead[] _reads = new NvmeDescriptorRead[NvmeDataPointerBuilder.MaxDescriptorReads];
    private readonly DmaSegment[] _data;
    private int _queue;
    private ulong[] _taken = [];
    private NvmeDescriptorPool[] _takenPool = [];
    private int _takenCount;

    /// <summary>Pools over one region per queue, at <paramref name="regions"/> (DMA addresses) of <paramref name="regionBytes"/> each.</summary>
    public NvmePointerPool(NvmeDataPointerParams parameters, ulong[] regions, long regionBytes)
    {
        _builder = new NvmeDataPointerBuilder(parameters, this);
        // The builder writes into room for the largest command; each I/O keeps only its own segments.
        _data = new DmaSegment[_builder.MaxDataSegments];
        _regions = regions;
        _regionBytes = regionBytes;
        _small = new Stack<ulong>[regions.Length];
        _large = new Stack<ulong>[regions.Length];
        _carved = new long[regions.Length];
        for (int q = 0; q < regions.Length; q++)
        {
            _small[q] = new Stack<ulong>();
            _large[q] = new Stack<ulong>();
        }
    }

    /// <summary>Bytes of pool region each queue needs: every entry of its queue with the most blocks one I/O may take.</summary>
    public static long RegionBytes(int queueEntries) => (long)queueEntries * NvmeDataPointerBuilder.MaxDescriptorReads * LargeBytes;

    /// <summary>
    /// Builds <paramref name="io"/>'s data pointers for queue <paramref name="queue"/> from its mapped segments (as
    /// many physical segments as it has pages); fills its descriptor reads and data segments; returns the CPU time, 0
    /// (a pool allocation is part of the submission's cycles).
    /// </summary>
    public long Build(ref NvmeIo io, int queue, int physicalSegments)
    {
        _queue = queue;
        _taken = io.Blocks;
        _takenPool = io.BlockPools;
        _takenCount = 0;
        var result = _builder.Build(io.Mapped.AsSpan(0, io.Segments), physicalSegments, ioQueue: true, _reads, _data);
        _data.AsSpan(0, result.DataSegments).CopyTo(io.Data);
        io.BlockCount = _takenCount;
        io.PointerReads = result.DescriptorReads;
        io.DataSegments = result.DataSegments;
        for (int k = 0; k < result.DescriptorReads; k++)
        {
            io.PointerReadAddress[k] = _reads[k].Address;
            io.PointerReadBytes[k] = (int)_reads[k].Length;
            io.PointerReadIsSgl[k] = _reads[k].Kind == NvmeDescriptorKind.SglSegment;
        }
        return 0;
    }

    /// <summary>Gives <paramref name="io"/>'s blocks back to queue <paramref name="queue"/>'s pools.</summary>
    public void Free(ref NvmeIo io, int queue)
    {
        for (int k = 0; k < io.BlockCount; k++)
            (io.BlockPools[k] == NvmeDescriptorPool.Small ? _small[queue] : _large[queue]).Push(io.Blocks[k]);
        io.BlockCount = 0;
    }

    /// <inheritdoc/>
    public ulong Allocate(NvmeDescriptorPool pool)
    {
        var free = pool == NvmeDescriptorPool.Small ? _small[_queue] : _large[_queue];
        if (!free.TryPop(out ulong block))
        {
            // Carve a new block from the region; 4 KiB blocks keep their alignment, small ones fill 4 KiB pages.
            int size = pool == NvmeDescriptorPool.Small ? SmallBytes : LargeBytes;
            long offset = (_carved[_queue] + size - 1) / size * size;
            if (offset + size > _regionBytes) throw new InvalidOperationException($"queue {_queue}'s descriptor pool region is exhausted");
            _carved[_queue] = offset + size;
            block = _regions[_queue] + (ulong)offset;
        }
        _taken[_takenCount] = block;
        _takenPool[_takenCount++] = pool;
        return block;
    }
}
