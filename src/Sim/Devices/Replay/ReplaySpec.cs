using IommuSim.Parameters;
using IommuSim.Pcie;

namespace IommuSim.Devices.Replay;

/// <summary>
/// A device that replays a recorded DMA stream (<c>type: replay</c>): the rows of a CSV (device reads and writes,
/// the driver's maps and unmaps), or the iommu map and unmap events of an ftrace text, at their recorded times
/// (scaled by the speed, looped if asked), through this model's IOMMU, DMA API and PCIe link.
/// </summary>
/// <remarks>
/// The trace's IOVAs are its host's: a map here gets this model's own IOVA, and later rows inside the trace's range are
/// translated to it. DMAs to pages the trace never maps are treated as buffers mapped before the run, page by page.
/// </remarks>
[SpecVariant("replay")]
public sealed record ReplaySpec : DeviceSpec, IValidatableSpec
{
    /// <summary>The trace and how to play it.</summary>
    [Param("trace", "The trace file, its format, the replay speed and whether it loops.")]
    public TraceReplayParams Trace { get; init; } = new();

    /// <summary>Only the CSV rows of this device; empty for all rows.</summary>
    [Param("source_device", "For a CSV trace: replay only the rows whose device column is this name; empty: every row.",
        Source = "convention: empty, the whole trace as one device's stream")]
    public string SourceDevice { get; init; } = "";

    /// <summary>The device's PCIe link.</summary>
    [Param("pcie", "The replaying device's PCIe link: generation, lanes, payload and request sizes, tags, latency.")]
    public PcieLinkParams Pcie { get; init; } = new();

    /// <summary>Pages of buffers the trace's unmapped DMAs may touch, mapped before the run.</summary>
    [Param("premapped_pages", "At most this many 4 KiB pages that the trace's DMAs touch outside its own maps are mapped before the run.",
        Source = "convention: 1,048,576 pages (4 GiB), far beyond an IOTLB's reach, bounded so that setup stays small", Min = 0, Max = Bounds.SetupPages)]
    public int PremappedPages { get; init; } = 1 << 20;

    /// <inheritdoc/>
    /// <remarks>Known once the trace is read; the device reports what it replays.</remarks>
    public override double OfferedBitsPerSecond => 0;

    /// <inheritdoc/>
    public override long BufferMemoryBytes => (long)PremappedPages * 4096;

    /// <inheritdoc/>
    /// <remarks>Not known before the file is read, so a replay does not count against the work budget.</remarks>
    public override (double Requests, double Translations) EstimateWork(double seconds) => (0, 0);

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate() => [];
}
