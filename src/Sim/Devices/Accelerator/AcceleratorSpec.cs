using IommuSim.Kernel;
using IommuSim.Parameters;
using IommuSim.Pcie;
using IommuSim.Units;

namespace IommuSim.Devices.Accelerator;

/// <summary>
/// A GPU-like accelerator copying bulk data between host memory and itself (<c>type: accelerator</c>): a copy engine
/// that keeps a number of requests outstanding over a host buffer, walked in order; optionally through ATS (its ATC
/// first, a Translation Request on a miss) with page faults on pages not yet resident, resolved by the host through
/// PRI after a latency.
/// </summary>
[SpecVariant("accelerator")]
public sealed record AcceleratorSpec : DeviceSpec, IValidatableSpec
{
    /// <summary>Which way the copies go.</summary>
    [Param("direction", "to-device (DMA reads of host memory), from-device (DMA writes) or both (requests in turn).",
        Source = "convention: to-device, the upload that feeds an accelerator its input")]
    public CopyDirection Direction { get; init; } = CopyDirection.ToDevice;

    /// <summary>The host buffer the copies walk through.</summary>
    [Param("buffer_size", "Bytes of the host buffer, mapped before the run and copied in order, round and round.",
        Source = "convention: 256 MiB, far beyond any IOTLB's or ATC's reach with 4 KiB pages", Min = 4096, Max = Bounds.RequestBytes)]
    public ByteSize BufferSize { get; init; } = ByteSize.FromMiB(256);

    /// <summary>Bytes of one DMA request of the copy engine.</summary>
    [Param("request_size", "Bytes of one DMA request the copy engine issues (a multiple of 4 KiB).",
        Source = "convention: 64 KiB, the page GPUDirect pins device memory in (NVIDIA GPUDirect RDMA documentation); copy-engine request sizes are not published",
        Min = 4096, Max = 64 << 20)]
    public ByteSize RequestSize { get; init; } = ByteSize.FromKiB(64);

    /// <summary>Requests in flight at once.</summary>
    [Param("outstanding", "DMA requests the copy engine keeps in flight.",
        Source = "convention: 16 requests of 64 KiB, 1 MiB in flight, enough to fill a Gen4 x16 link at a few microseconds of latency",
        Min = 1, Max = 65536)]
    public int Outstanding { get; init; } = 16;

    /// <summary>The IOMMU page size the buffer is mapped with.</summary>
    [Param("page_size", "IOMMU page size the buffer is mapped with: 4KiB or 2MiB.",
        Source = "4 KiB, the base page; 2 MiB when the buffer is backed by huge pages")]
    public ByteSize PageSize { get; init; } = ByteSize.FromKiB(4);

    /// <summary>Whether the device translates through ATS.</summary>
    [Param("ats", "The device translates through PCIe ATS: its ATC first, a Translation Request on a miss (needs platform.iommu.ats.enabled).",
        Source = "convention: off, as most devices leave it")]
    public bool Ats { get; init; }

    /// <summary>Share of the buffer's pages not resident when the run starts.</summary>
    [Param("fault_fraction", "With ats: the share of the buffer's pages not yet resident; a request touching one waits for a page request (PRI) to be resolved.",
        Source = "convention: 0, every page pinned before the copy, as without PRI", Min = 0, Max = 1)]
    public double FaultFraction { get; init; }

    /// <summary>How long the host takes to resolve a page request.</summary>
    [Param("fault_latency", "Time from a page request (PRI) until the host has made the page resident and answered.",
        Source = "convention: 10 µs, the order of a host page fault and the IOMMU's page-request queue and response; no published PRI round trip was found",
        Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime FaultLatency { get; init; } = SimTime.FromMicroseconds(10);

    /// <summary>The device's PCIe link.</summary>
    [Param("pcie", "The accelerator's PCIe link: generation, lanes, payload and request sizes, tags, latency.")]
    public PcieLinkParams Pcie { get; init; } = new();

    /// <inheritdoc/>
    /// <remarks>A closed loop: it offers no rate of its own.</remarks>
    public override double OfferedBitsPerSecond => 0;

    /// <inheritdoc/>
    public override long BufferMemoryBytes => BufferSize.Bytes;

    /// <inheritdoc/>
    /// <remarks>At most the link's rate of requests.</remarks>
    public override (double Requests, double Translations) EstimateWork(double seconds)
    {
        double rate = Pcie.IsValid ? new LinkBandwidth(Pcie).TlpLayer.BitsPerSecond / 8.0 / RequestSize.Bytes : 0;
        return (rate * seconds, rate * seconds * RequestSize.Bytes / 4096);
    }

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (RequestSize.Bytes % 4096 != 0) yield return new SpecProblem("request_size", $"request_size must be a multiple of 4KiB, not {RequestSize}");
        if (PageSize.Bytes != 4096 && PageSize.Bytes != 2L << 20) yield return new SpecProblem("page_size", $"page_size must be 4KiB or 2MiB, not {PageSize}");
        else if (BufferSize.Bytes % PageSize.Bytes != 0)
            yield return new SpecProblem("buffer_size", $"buffer_size ({BufferSize}) must be a whole number of pages of {PageSize}");
        if (RequestSize > BufferSize) yield return new SpecProblem("request_size", $"request_size ({RequestSize}) exceeds buffer_size ({BufferSize})");
        // No more in flight than the buffer holds (which, at most 1 GiB, also bounds the DMAs in flight to 2^18 pages).
        if ((long)Outstanding * RequestSize.Bytes > BufferSize.Bytes)
            yield return new SpecProblem("outstanding", $"{Outstanding} requests of {RequestSize} exceed the {BufferSize} buffer they copy; expected at most {BufferSize.Bytes / Math.Max(1, RequestSize.Bytes):N0}");
        if (FaultFraction > 0 && !Ats) yield return new SpecProblem("fault_fraction", "page faults are resolved through PRI, which needs ats: true");
        if (PageSize.Bytes > 0 && BufferSize.Bytes / PageSize.Bytes > Bounds.SetupPages)
            yield return new SpecProblem("buffer_size", $"the buffer is mapped page by page before the run: expected at most {Bounds.SetupPages:N0} pages");
    }
}
