using IommuSim.Host;
using IommuSim.Parameters;
using IommuSim.Platform;

namespace IommuSim.Devices;

/// <summary>
/// A device issuing DMA: a PCI function with a workload. Concrete kinds derive from it and carry
/// <see cref="SpecVariantAttribute"/> with the value of their <c>type</c> key; each has a model
/// (<see cref="IWorkloadDevice"/>) and a factory (<see cref="IDeviceFactory"/>). What the scenario's own
/// rules and the work estimate need to know of any kind is asked through the members below.
/// </summary>
public abstract record DeviceSpec
{
    /// <summary>Unique device name, used in outputs.</summary>
    [Param("name", "Unique device name, used in outputs: 1 to 64 printable characters.", Required = true)]
    public string Name { get; init; } = "";

    /// <summary>PCI address; when empty, device i gets bus i+1 (<c>0000:01:00.0</c>, ...).</summary>
    [Param("bdf", "PCI address segment:bus:device.function, e.g. 0000:01:00.0; default: bus = index + 1.")]
    public string Bdf { get; init; } = "";

    /// <summary>The load the device offers, in payload bits per second (the <c>offered_gbps</c> figures).</summary>
    public abstract double OfferedBitsPerSecond { get; }

    /// <summary>Bytes of memory the device's buffers take where they are placed (host memory, or the VM's RAM).</summary>
    public abstract long BufferMemoryBytes { get; }

    /// <summary>
    /// The longest DMA segment its driver lets dma_map_sg merge (dma_set_max_seg_size); by default the kernel's 64 KiB
    /// (dma_get_max_seg_size without a driver setting).
    /// </summary>
    public virtual uint MaxSegmentSize => DmaApi.DefaultMaxSegmentSize;

    /// <summary>MSI-X vectors the driver asks for (one per queue, say).</summary>
    public virtual int InterruptVectors => 1;

    /// <summary>
    /// About how many DMA requests the device issues in <paramref name="seconds"/>, and how many 4 KiB pieces the
    /// IOMMU translates for them: what <c>validate</c> states and what the work budget weighs.
    /// </summary>
    public abstract (double Requests, double Translations) EstimateWork(double seconds);

    /// <summary>
    /// Problems the host's DMA setup gives this device before it runs, keyed relative to the device (e.g. a
    /// pre-mapped working set that does not fit the SWIOTLB pool in <c>host.mode: swiotlb</c>); none by default.
    /// </summary>
    public virtual IEnumerable<SpecProblem> HostSetupProblems(HostMode mode, DmaApiParams dma) => [];
}
