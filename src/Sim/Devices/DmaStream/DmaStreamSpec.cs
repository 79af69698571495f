using IommuSim.Host;
using IommuSim.Parameters;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Devices.DmaStream;

/// <summary>
/// The generic <c>dma-stream</c> device: DMA requests at a constant or Poisson rate, with fixed or
/// uniformly distributed sizes, over a working set of buffers mapped before the run, touched
/// sequentially, uniformly or Zipf-distributed, through the device's own domain.
/// </summary>
[SpecVariant("dma-stream")]
public sealed record DmaStreamSpec : DeviceSpec, IValidatableSpec
{
    /// <summary>Offered load in payload bits per second.</summary>
    [Param("rate", "Offered DMA payload rate, e.g. 10Gbps.", Required = true, Min = 1, Max = Bounds.Rate)]
    public BitRate Rate { get; init; }

    /// <summary>Spacing of requests.</summary>
    [Param("arrival", "Request spacing: poisson or constant.", Source = "convention: Poisson arrivals, the usual open-workload assumption (Kleinrock vol. 1, §2)")]
    public ArrivalProcess Arrival { get; init; } = ArrivalProcess.Poisson;

    /// <summary>Read or write.</summary>
    [Param("direction", "DMA direction from the device: read or write.", Source = "convention: write, the receive side of a NIC, the common DMA-heavy path")]
    public DmaDirection Direction { get; init; } = DmaDirection.Write;

    /// <summary>Request size, or the lower bound when <see cref="SizeMax"/> is set.</summary>
    [Param("size", "Bytes per request (the lower bound when size_max is set).", Required = true, Min = 1, Max = Bounds.RequestBytes)]
    public ByteSize Size { get; init; }

    /// <summary>When set, sizes are uniform over [size, size_max]; zero means fixed size.</summary>
    [Param("size_max", "Upper bound of uniformly distributed sizes; 0B for a fixed size.", Min = 0, Max = Bounds.RequestBytes,
        Source = "convention: fixed-size requests, the simplest workload to reason about")]
    public ByteSize SizeMax { get; init; }

    /// <summary>Buffers in the working set.</summary>
    [Param("buffers", "Buffers in the working set, mapped before the run.", Required = true, Min = 1, Max = 16777216)]
    public int Buffers { get; init; }

    /// <summary>Size of each buffer (requests start at its beginning).</summary>
    [Param("buffer_size", "Size of each buffer; at least the largest request.", Required = true, Min = 1, Max = Bounds.RequestBytes)]
    public ByteSize BufferSize { get; init; }

    /// <summary>
    /// Page size of the mapping: the working set (buffers packed at 64-byte-aligned strides) is mapped in
    /// chunks of this size, one map call each, as a page_pool of base pages or of huge pages is.
    /// </summary>
    [Param("page_size", "IOMMU page size the working set is mapped with (one map call per page): 4KiB, 2MiB or 1GiB.",
        Source = "Linux DMA API maps with the largest page alignment allows; 4 KiB is the base page (x86 paging)")]
    public ByteSize PageSize { get; init; } = ByteSize.FromKiB(4);

    /// <summary>When the driver maps buffers: once before the run, or around every request.</summary>
    [Param("mapping", "pre-mapped (buffers mapped once, as page_pool drivers recycle them) or per-request (dma_map_single before and dma_unmap_single after every request, as older drivers do).",
        Source = "pre-mapped: page_pool drivers map a page once when it enters the pool and keep the mapping while it is recycled (PP_FLAG_DMA_MAP, net/core/page_pool.c)")]
    public BufferMapping Mapping { get; init; } = BufferMapping.PreMapped;

    /// <summary>Which buffer the next request touches.</summary>
    [Param("access", "Buffer order: sequential, uniform or zipf.", Source = "convention: sequential, as a descriptor ring is walked in order")]
    public AccessPattern Access { get; init; } = AccessPattern.Sequential;

    /// <summary>Zipf exponent s for <see cref="AccessPattern.Zipf"/>.</summary>
    [Param("zipf_exponent", "Exponent s of the Zipf access pattern (probability of buffer k ~ 1/k^s).",
        Source = "s = 1: Zipf's law in its classic form (Breslau et al., INFOCOM 1999, web caching)", Min = 0, Max = 10)]
    public double ZipfExponent { get; init; } = 1.0;

    /// <summary>Fault injection: the share of requests sent to an IOVA that nobody mapped.</summary>
    [Param("stray_fraction",
        "Fault injection: the share of requests the device sends to an IOVA nobody mapped (from 0x4000_0000_0000, as a stale " +
        "descriptor or a driver bug would), which a translating IOMMU faults (io_page_fault) and drops; 0 for none.",
        Source = "convention: 0, a correct driver", Min = 0, Max = 1)]
    public double StrayFraction { get; init; }

    /// <summary>Where stray requests go: 2^46, far from both ends of a 48-bit IOVA space, where the IOVA allocator (top down
    /// from the aperture, or below 4 GiB first) and guest RAM (from 0) never reach.</summary>
    public const ulong StrayIova = 1UL << 46;

    /// <summary>The longest mean spacing of requests: 1,000 s, a thousandth of the longest run.</summary>
    public const double MaxMeanGapSeconds = 1000;

    /// <summary>Mean request size in bytes: the fixed size, or the midpoint of the uniform range.</summary>
    public double MeanSizeBytes => SizeMax.Bytes > 0 ? (Size.Bytes + SizeMax.Bytes) / 2.0 : Size.Bytes;

    /// <summary>Bytes from one buffer to the next: the buffer size rounded up to a 64-byte cache line, as allocators align.</summary>
    public long BufferStride => (BufferSize.Bytes + 63) / 64 * 64;

    /// <summary>Bytes the working set spans: <see cref="Buffers"/> buffers at <see cref="BufferStride"/>.</summary>
    public long WorkingSetBytes => BufferStride * Buffers;

    /// <inheritdoc/>
    public override double OfferedBitsPerSecond => Rate.BitsPerSecond;

    /// <inheritdoc/>
    public override long BufferMemoryBytes => WorkingSetBytes;

    /// <inheritdoc/>
    public override (double Requests, double Translations) EstimateWork(double seconds)
    {
        if (Rate.BitsPerSecond <= 0 || MeanSizeBytes <= 0) return (0, 0);
        double n = Rate.BitsPerSecond / (8 * MeanSizeBytes) * seconds;
        // A request of s bytes at any offset crosses about s / 4 KiB boundaries.
        return (n, n * (1 + MeanSizeBytes / 4096));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// swiotlb=force bounces every pre-mapped page through the pool before the run, as the model maps them: a pool
    /// too small for them (or pages larger than one bounce mapping) fails here, at the key, not at setup.
    /// </remarks>
    public override IEnumerable<SpecProblem> HostSetupProblems(HostMode mode, DmaApiParams dma)
    {
        if (mode != HostMode.Swiotlb || Mapping != BufferMapping.PreMapped || Validate().Any()) yield break;
        var pool = new SwiotlbPool(DmaApi.DefaultSwiotlbBase, dma.SwiotlbSize);
        ulong page = (ulong)PageSize.Bytes;
        long chunks = (WorkingSetBytes + PageSize.Bytes - 1) / PageSize.Bytes;
        for (long k = 0; k < chunks; k++)
            if (!pool.TryMap(page, out _))
            {
                yield return new SpecProblem("buffers", page > SwiotlbPool.MaxMappingSize
                    ? $"with host.mode swiotlb every {PageSize} page of {Name}'s working set is bounced, but one bounce mapping holds at " +
                      $"most {new ByteSize((long)SwiotlbPool.MaxMappingSize)}; expected page_size 4KiB"
                    : $"with host.mode swiotlb {Name}'s working set ({chunks:N0} pages of {PageSize}) is bounced through the " +
                      $"{dma.SwiotlbSize} pool, which is full at page {k:N0}; expected fewer buffers or a larger host.dma.swiotlb_size");
                yield break;
            }
    }

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        var largest = SizeMax.Bytes > 0 ? SizeMax : Size;
        if (SizeMax.Bytes > 0 && SizeMax < Size)
            yield return new SpecProblem("size_max", $"size_max ({SizeMax}) must be at least size ({Size}), or 0B for a fixed size");
        if (largest > BufferSize)
            yield return new SpecProblem("buffer_size", $"buffer_size ({BufferSize}) must hold the largest request ({largest})");
        long ps = PageSize.Bytes;
        if (ps != 4096 && ps != 2L << 20 && ps != 1L << 30)
            yield return new SpecProblem("page_size", $"page_size must be 4KiB, 2MiB or 1GiB, got {PageSize}");
        else if (Mapping == BufferMapping.PreMapped && (WorkingSetBytes + ps - 1) / ps > Bounds.SetupPages)
            yield return new SpecProblem("buffers",
                $"the working set ({Buffers} buffers of {BufferSize}, {new ByteSize(WorkingSetBytes)}) is mapped page by page before the run: " +
                $"{(WorkingSetBytes + ps - 1) / ps:N0} pages of {PageSize}; expected at most {Bounds.SetupPages:N0} " +
                "(fewer or smaller buffers, a larger page_size, or mapping: per-request)");
        if (WorkingSetBytes > DeviceMemory.MaxHostBufferBytes)
            yield return new SpecProblem("buffers",
                $"the working set ({new ByteSize(WorkingSetBytes)}) is larger than the {new ByteSize(DeviceMemory.MaxHostBufferBytes)} of host memory buffers are placed in");
        if (Rate.BitsPerSecond > 0)
        {
            double gapSeconds = MeanSizeBytes * 8 / Rate.BitsPerSecond;
            if (gapSeconds > MaxMeanGapSeconds)
                yield return new SpecProblem("rate",
                    $"at {Rate} a request of {new ByteSize((long)MeanSizeBytes)} comes every {gapSeconds:G3} s; expected at least one " +
                    $"request every {MaxMeanGapSeconds:N0} s (a higher rate or smaller requests)");
        }
    }
}
