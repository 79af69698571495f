using IommuSim.Kernel;
using IommuSim.Parameters;
using IommuSim.Pcie;
using IommuSim.Units;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// An NVMe SSD and the host's I/O load on it (<c>type: nvme</c>): I/O queue pairs, each with its submission and
/// completion rings, doorbells, MSI-X vector and CPU; closed-loop (a queue depth per queue, as fio's iodepth) or
/// open-loop (Poisson IOPS) reads and writes of a size, through the DMA API's scatter/gather mapping, with data
/// pointers as Linux builds them and a media of parallel channels.
/// </summary>
[SpecVariant("nvme")]
public sealed record NvmeSpec : DeviceSpec, IValidatableSpec
{
    /// <summary>I/O queue pairs.</summary>
    [Param("queues", "I/O queue pairs; queue q completes on CPU (device CPU + q) mod host.cpus, where its submissions run too.",
        Source = "convention: 1; Linux creates one I/O queue per CPU (drivers/nvme/host/pci.c, nvme_setup_io_queues), so set it to host.cpus",
        Min = 1, Max = 1024)]
    public int Queues { get; init; } = 1;

    /// <summary>Entries of each submission and completion queue.</summary>
    [Param("queue_entries", "Entries of each submission and completion queue.",
        Source = "Linux io_queue_depth module parameter, default 1024 (drivers/nvme/host/pci.c)", Min = 2, Max = 65536)]
    public int QueueEntries { get; init; } = 1024;

    /// <summary>I/Os each queue keeps outstanding in closed loop; the arrival rate takes over when <see cref="Iops"/> is set.</summary>
    [Param("iodepth", "Closed loop: I/Os kept outstanding per queue (as fio's iodepth); each completion submits the next.",
        Source = "convention: 1, fio's default iodepth", Min = 1, Max = 65535)]
    public int IoDepth { get; init; } = 1;

    /// <summary>Open loop: I/Os per second over all queues, Poisson; 0 for closed loop.</summary>
    [Param("iops", "Open loop: I/Os per second over all queues, Poisson arrivals (as fio's rate_iops with rate_process=poisson and io_submit_mode=offload); 0: closed loop at iodepth.",
        Source = "convention: 0, closed loop, fio's default", Min = 0, Max = 1e9)]
    public double Iops { get; init; }

    /// <summary>I/O size, or the lower bound with <see cref="IoSizeMax"/>.</summary>
    [Param("io_size", "Bytes per I/O, a multiple of 512 B (the lower bound when io_size_max is set).",
        Source = "convention: 4 KiB, the random-I/O size SSDs are rated at", Min = 512, Max = 64 << 20)]
    public ByteSize IoSize { get; init; } = ByteSize.FromKiB(4);

    /// <summary>Upper bound of uniformly distributed I/O sizes (in 4 KiB steps); 0 for a fixed size.</summary>
    [Param("io_size_max", "Upper bound of I/O sizes drawn uniformly in 4 KiB steps from io_size; 0B for a fixed size.",
        Source = "convention: fixed-size I/O", Min = 0, Max = 64 << 20)]
    public ByteSize IoSizeMax { get; init; }

    /// <summary>Share of I/Os that are reads.</summary>
    [Param("read_fraction", "Share of I/Os that are reads (device to memory); the rest are writes.",
        Source = "convention: 1, all reads", Min = 0, Max = 1)]
    public double ReadFraction { get; init; } = 1;

    /// <summary>How the I/O's buffer pages lie in physical memory.</summary>
    [Param("buffer_pages", "contiguous (a page-cache folio: one physical run) or scattered (user pages: each 4 KiB page anywhere, so scatter/gather is real).",
        Source = "convention: scattered, user buffers (O_DIRECT) whose pages the kernel pins wherever they are")]
    public BufferPages BufferPages { get; init; } = BufferPages.Scattered;

    /// <summary>Pages of buffer memory the I/Os draw their pages from.</summary>
    [Param("buffer_pool", "4 KiB pages of host memory the I/O buffers are drawn from (uniformly, page by page when scattered).",
        Source = "convention: 65,536 pages (256 MiB), well beyond the IOTLB's reach", Min = 16, Max = 1 << 24)]
    public int BufferPool { get; init; } = 65536;

    /// <summary>The controller's and driver's data-pointer choice.</summary>
    [Param("data_pointers", "SGL support and the threshold above which Linux uses SGLs instead of PRPs.")]
    public NvmeDataPointerParams DataPointers { get; init; } = new();

    /// <summary>The flash media.</summary>
    [Param("media", "Read and program latency and the channels that serve I/Os in parallel.")]
    public NvmeMediaParams Media { get; init; } = new();

    /// <summary>CPU cycles of the block layer and driver to submit one I/O, besides the scatter/gather map.</summary>
    [Param("submit_cycles", "CPU cycles to submit one I/O in the block layer and NVMe driver (besides dma_map_sg).",
        Source = NvmeCosts.Source, Min = 0, Max = Bounds.OperationCycles)]
    public long SubmitCycles { get; init; } = NvmeCosts.SubmitCycles;

    /// <summary>CPU cycles to complete one I/O in the driver and block layer, besides the unmap.</summary>
    [Param("complete_cycles", "CPU cycles to complete one I/O in the NVMe driver and block layer (besides dma_unmap_sg).",
        Source = NvmeCosts.Source, Min = 0, Max = Bounds.OperationCycles)]
    public long CompleteCycles { get; init; } = NvmeCosts.CompleteCycles;

    /// <summary>The device's PCIe link.</summary>
    [Param("pcie", "The SSD's PCIe link: generation, lanes, payload and request sizes, tags, latency.")]
    public PcieLinkParams Pcie { get; init; } = new();

    /// <summary>The largest I/O.</summary>
    public ByteSize LargestIo => IoSizeMax.Bytes > 0 ? IoSizeMax : IoSize;

    /// <summary>Mean I/O size in bytes.</summary>
    public double MeanIoBytes => IoSizeMax.Bytes > 0 ? (IoSize.Bytes + IoSizeMax.Bytes) / 2.0 : IoSize.Bytes;

    /// <inheritdoc/>
    /// <remarks>Open loop: iops × mean size; closed loop has no offered rate of its own, so the figure is 0.</remarks>
    public override double OfferedBitsPerSecond => Iops * MeanIoBytes * 8;

    /// <inheritdoc/>
    public override long BufferMemoryBytes => (long)BufferPool * 4096 + Queues * (long)QueueEntries * (64 + 16);

    /// <inheritdoc/>
    public override int InterruptVectors => Queues;

    /// <inheritdoc/>
    /// <remarks>The NVMe driver lifts the limit: "Don't limit the IOMMU merged segment size" (drivers/nvme/host/pci.c,
    /// nvme_reset_work: dma_set_max_seg_size(dev->dev, 0xffffffff)).</remarks>
    public override uint MaxSegmentSize => uint.MaxValue;

    /// <inheritdoc/>
    /// <remarks>Closed loop: at most as fast as the media's channels serve.</remarks>
    public override (double Requests, double Translations) EstimateWork(double seconds)
    {
        // Closed loop: by Little's law at most the outstanding I/Os (or the channels) per media latency.
        double latency = Math.Max(1e-9, Math.Min(Media.ReadLatency.TotalSeconds, Media.WriteLatency.TotalSeconds));
        double rate = Iops > 0 ? Iops : Math.Min((double)Queues * IoDepth, Media.Channels) / latency;
        // ... and no faster than the link carries the data.
        if (Pcie.IsValid) rate = Math.Min(rate, new LinkBandwidth(Pcie).TlpLayer.BitsPerSecond / 8.0 / MeanIoBytes);
        double ios = rate * seconds;
        // The command, its data pointers and its pages, and the completion: each a translated DMA.
        return (ios, ios * (3 + MeanIoBytes / 4096));
    }

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (IoSize.Bytes % 512 != 0) yield return new SpecProblem("io_size", $"io_size must be a multiple of 512 B (a sector), not {IoSize}");
        if (IoSizeMax.Bytes > 0 && IoSizeMax < IoSize)
            yield return new SpecProblem("io_size_max", $"io_size_max ({IoSizeMax}) must be at least io_size ({IoSize}), or 0B for a fixed size");
        if (IoDepth >= QueueEntries)
            yield return new SpecProblem("iodepth", $"iodepth ({IoDepth}) must be below queue_entries ({QueueEntries}): a full queue keeps one entry free");
        // Linux's limits on one request (drivers/nvme/host/pci.c): NVME_MAX_BYTES and NVME_MAX_SEGS physical segments.
        if (LargestIo.Bytes > NvmeDataPointerBuilder.MaxRequestBytes)
            yield return new SpecProblem(IoSizeMax.Bytes > 0 ? "io_size_max" : "io_size",
                $"an I/O of {LargestIo} exceeds the {new ByteSize(NvmeDataPointerBuilder.MaxRequestBytes)} the NVMe driver takes in one command");
        else if (BufferPages == BufferPages.Scattered && LargestIo.Bytes > 256L * 4096)
            yield return new SpecProblem(IoSizeMax.Bytes > 0 ? "io_size_max" : "io_size",
                $"an I/O of {LargestIo} in scattered pages has more than the 256 physical segments the NVMe driver takes; expected at most 1MiB, or buffer_pages contiguous");
        if (LargestIo.Bytes > (long)BufferPool * 4096)
            yield return new SpecProblem("buffer_pool", $"the buffer pool ({BufferPool:N0} pages) is smaller than one I/O of {LargestIo}");
        if ((long)Queues * QueueEntries > Bounds.SetupPages)
            yield return new SpecProblem("queue_entries", $"{Queues} queues of {QueueEntries} entries are too many; expected at most {Bounds.SetupPages:N0} in all");
    }
}
