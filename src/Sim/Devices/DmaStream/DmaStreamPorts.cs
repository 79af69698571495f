using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;

namespace IommuSim.Devices.DmaStream;

/// <summary>
/// What a <see cref="DmaStreamDevice"/> is connected to: the IOMMU that translates its DMA (none when
/// untranslated), the DMA API its driver maps through, where its buffers are, and its interrupts.
/// </summary>
public sealed record DmaStreamPorts
{
    /// <summary>The PCIe requester id the IOMMU sees (the DMA alias).</summary>
    public required ushort RequesterId { get; init; }

    /// <summary>The translating unit, or null when the device's DMA is not translated.</summary>
    public TranslationUnit? Iommu { get; init; }

    /// <summary>Physical (or, in a VM, guest-physical) address of buffer 0; buffers follow at <see cref="Stride"/>.</summary>
    public required ulong PhysicalBase { get; init; }

    /// <summary>Distance between consecutive buffers.</summary>
    public required ulong Stride { get; init; }

    /// <summary>
    /// Pre-mapped working sets: the DMA address of each <see cref="ChunkSize"/> chunk of the buffer region,
    /// in order. Empty when the driver maps per request.
    /// </summary>
    public IReadOnlyList<ulong> ChunkAddresses { get; init; } = [];

    /// <summary>Size of one mapped chunk (the mapping page size).</summary>
    public ulong ChunkSize { get; init; } = 4096;

    /// <summary>The DMA API, for per-request mapping.</summary>
    public DmaApi? Dma { get; init; }

    /// <summary>The device as the DMA API knows it, for per-request mapping.</summary>
    public DmaDevice? DmaDevice { get; init; }

    /// <summary>The CPU the driver's DMA API calls run on.</summary>
    public int Cpu { get; init; }

    /// <summary>Where the device's completion interrupts go; null for a device that raises none.</summary>
    public InterruptRemapper? Interrupts { get; init; }

    /// <summary>Time for DMA data to reach memory once translated.</summary>
    public required SimTime DataLatency { get; init; }
}
