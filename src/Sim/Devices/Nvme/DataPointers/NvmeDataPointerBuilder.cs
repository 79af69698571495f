using IommuSim.Host;
using IommuSim.Units;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// Builds a command's data pointer from the request's DMA segments as Linux's NVMe PCIe driver does
/// (drivers/nvme/host/pci.c: nvme_map_data, nvme_pci_use_sgls, nvme_pci_setup_data_simple, nvme_pci_setup_data_prp,
/// nvme_pci_setup_data_sgl), and lists what the controller must read to follow it and the data it then moves.
/// Results go to the caller's spans; a build allocates nothing.
/// </summary>
public sealed class NvmeDataPointerBuilder
{
    /// <summary>Bytes of a small-pool block (Linux <c>NVME_SMALL_POOL_SIZE</c>).</summary>
    public const int SmallPoolBytes = 256;

    /// <summary>Largest request Linux sends (<c>NVME_MAX_BYTES</c> = SZ_8M, the controller's max_hw_sectors before other caps).</summary>
    public const long MaxRequestBytes = 8L << 20;

    /// <summary>Most descriptor blocks one request uses (<c>NVME_MAX_NR_DESCRIPTORS</c>): PRP list pages for 8 MiB at 4 KiB pages.</summary>
    public const int MaxDescriptorReads = 5;

    private readonly NvmeDataPointerParams _params;
    private readonly INvmeDescriptorAllocator _allocator;
    private readonly uint _pageSize;

    /// <summary>
    /// A builder for one controller, taking list blocks from <paramref name="allocator"/>;
    /// <paramref name="controllerPageSize"/> is Linux's NVME_CTRL_PAGE_SIZE, 4 KiB unless given.
    /// </summary>
    public NvmeDataPointerBuilder(NvmeDataPointerParams parameters, INvmeDescriptorAllocator allocator, ByteSize? controllerPageSize = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(allocator);
        var page = controllerPageSize ?? ByteSize.FromKiB(4);
        if (!page.IsPowerOfTwo || page.Bytes < 4096 || page.Bytes > 1L << 27)
            throw new ArgumentOutOfRangeException(nameof(controllerPageSize), page, "the NVMe controller page size is a power of two from 4 KiB to 128 MiB");
        _params = parameters;
        _allocator = allocator;
        _pageSize = (uint)page.Bytes;
    }

    /// <summary>The controller page size PRPs are counted in.</summary>
    public ByteSize ControllerPageSize => ByteSize.FromBytes(_pageSize);

    /// <summary>Most physical segments in a request (<c>NVME_MAX_SEGS</c>: the SGL descriptors one controller page holds).</summary>
    public int MaxSegments => (int)(_pageSize / NvmeSglDescriptor.Size);

    /// <summary>Most data segments one build writes: one per PRP entry of an unaligned <see cref="MaxRequestBytes"/> request.</summary>
    public int MaxDataSegments => (int)(MaxRequestBytes / _pageSize) + 1;

    /// <summary>Commands built so far.</summary>
    public long Commands { get; private set; }

    /// <summary>Commands built with an SGL.</summary>
    public long SglCommands { get; private set; }

    /// <summary>Small-pool blocks allocated so far (dma_pool_alloc calls on the 256-byte pool).</summary>
    public long SmallPoolAllocations { get; private set; }

    /// <summary>Controller-page blocks allocated so far (dma_pool_alloc calls on the large pool).</summary>
    public long LargePoolAllocations { get; private set; }

    /// <summary>Descriptor reads the controller was given so far.</summary>
    public long DescriptorReads { get; private set; }

    /// <summary>Bytes of descriptors the controller was given to read so far.</summary>
    public long DescriptorBytes { get; private set; }

    /// <summary>
    /// Builds the data pointer of a request whose DMA segments are one per physical segment (no IOMMU merging).
    /// </summary>
    public NvmeDataPointers Build(ReadOnlySpan<DmaSegment> segments, bool ioQueue, Span<NvmeDescriptorRead> reads, Span<DmaSegment> data)
        => Build(segments, segments.Length, ioQueue, reads, data);

    /// <summary>
    /// Builds the data pointer of a request of <paramref name="physicalSegments"/> physical segments (Linux
    /// blk_rq_nr_phys_segments) mapped to <paramref name="segments"/>: as many, or one when the IOMMU path
    /// coalesced them into a single IOVA range. <paramref name="ioQueue"/> is false for the admin queue, which
    /// never uses SGLs. <paramref name="reads"/> needs <see cref="MaxDescriptorReads"/> entries and
    /// <paramref name="data"/> <see cref="MaxDataSegments"/>.
    /// </summary>
    public NvmeDataPointers Build(ReadOnlySpan<DmaSegment> segments, int physicalSegments, bool ioQueue,
        Span<NvmeDescriptorRead> reads, Span<DmaSegment> data)
    {
        long length = Validate(segments, physicalSegments, reads, data);
        bool coalesced = segments.Length == 1 && physicalSegments > 1;
        var use = SglUse(segments, ioQueue);

        if (physicalSegments != 1 || !TrySimple(segments[0], use, data, out var result))
        {
            // nvme_pci_avg_seg_size: a coalesced mapping counts as one segment.
            int counted = coalesced ? 1 : physicalSegments;
            long averageSegment = (length + counted - 1) / counted;
            long threshold = _params.SglThreshold.Bytes;
            bool sgl = use == SglChoice.Forced || (use == SglChoice.Supported && threshold != 0 && averageSegment >= threshold);
            if (!sgl)
                result = PrpSetup.Build(segments, length, _pageSize, _allocator, reads, data);
            else if (coalesced)
                result = SglSetup.BuildInline(segments[0], data);
            else
                result = SglSetup.BuildList(segments, physicalSegments, _allocator, reads, data);
        }
        Count(result, reads);
        return result;
    }

    /// <summary>
    /// nvme_pci_setup_data_simple: one physical segment skips the iterator. PRP1 (+ PRP2) when it spans at most two
    /// controller pages and SGLs are not forced; an inline SGL Data Block when SGLs are usable and PRPs would need a
    /// list, whatever sgl_threshold says; otherwise (no SGLs, more than two pages) the general path.
    /// </summary>
    private bool TrySimple(DmaSegment segment, SglChoice use, Span<DmaSegment> data, out NvmeDataPointers result)
    {
        bool prpPossible = (segment.DmaAddress & (_pageSize - 1)) + segment.Length <= 2UL * _pageSize;
        if (use == SglChoice.Unsupported && !prpPossible)
        {
            result = default;
            return false;
        }
        result = use == SglChoice.Forced || !prpPossible
            ? SglSetup.BuildInline(segment, data)
            : PrpSetup.BuildTwoPages(segment, _pageSize, data);
        return true;
    }

    /// <summary>
    /// nvme_pci_use_sgls: SGLs only on I/O queues of SGL-capable controllers, and forced there when segments meet
    /// off a controller page boundary (a gap PRPs cannot describe).
    /// </summary>
    private SglChoice SglUse(ReadOnlySpan<DmaSegment> segments, bool ioQueue)
    {
        bool gap = HasPageGap(segments);
        if (!ioQueue || !_params.Sgl)
        {
            if (gap)
                throw new ArgumentException("DMA segments meet off a controller page boundary and SGLs are not available; " +
                                            "Linux's queue limits split such requests before they reach the driver", nameof(segments));
            return SglChoice.Unsupported;
        }
        return gap ? SglChoice.Forced : SglChoice.Supported;
    }

    /// <summary>Whether a segment after the first starts, or one before the last ends, inside a controller page.</summary>
    private bool HasPageGap(ReadOnlySpan<DmaSegment> segments)
    {
        ulong mask = _pageSize - 1;
        for (int i = 0; i < segments.Length; i++)
        {
            if (i > 0 && (segments[i].DmaAddress & mask) != 0)
                return true;
            if (i < segments.Length - 1 && ((segments[i].DmaAddress + segments[i].Length) & mask) != 0)
                return true;
        }
        return false;
    }

    private long Validate(ReadOnlySpan<DmaSegment> segments, int physicalSegments, Span<NvmeDescriptorRead> reads, Span<DmaSegment> data)
    {
        if (segments.IsEmpty)
            throw new ArgumentException("a request with data has at least one DMA segment", nameof(segments));
        if (physicalSegments < 1 || physicalSegments > MaxSegments)
            throw new ArgumentOutOfRangeException(nameof(physicalSegments), physicalSegments, $"Linux limits a request to NVME_MAX_SEGS = {MaxSegments} segments");
        if (segments.Length != 1 && segments.Length != physicalSegments)
            throw new ArgumentException("DMA segments are one per physical segment, or one coalesced IOVA range", nameof(segments));
        if (reads.Length < MaxDescriptorReads || data.Length < MaxDataSegments)
            throw new ArgumentException($"give room for {MaxDescriptorReads} descriptor reads and {MaxDataSegments} data segments");
        long length = 0;
        for (int i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length == 0)
                throw new ArgumentException("a DMA segment is never empty", nameof(segments));
            length += segments[i].Length;
        }
        if (length > MaxRequestBytes)
            throw new ArgumentOutOfRangeException(nameof(segments), length, "Linux sends at most NVME_MAX_BYTES = 8 MiB per command");
        return length;
    }

    private void Count(in NvmeDataPointers result, Span<NvmeDescriptorRead> reads)
    {
        Commands++;
        if (result.Format == NvmeDataPointerFormat.Sgl)
            SglCommands++;
        SmallPoolAllocations += result.SmallPoolAllocations;
        LargePoolAllocations += result.LargePoolAllocations;
        DescriptorReads += result.DescriptorReads;
        for (int i = 0; i < result.DescriptorReads; i++)
            DescriptorBytes += reads[i].Length;
    }

    /// <summary>Linux's enum nvme_use_sgl.</summary>
    private enum SglChoice
    {
        Unsupported,
        Supported,
        Forced,
    }
}
