using IommuSim.Kernel;

namespace IommuSim.Observe;

/// <summary>
/// Linux's <c>iommu:unmap</c> event (include/trace/events/iommu.h, class unmap): one <c>iommu_unmap()</c>
/// call, with the fields the kernel records (<c>u64 iova, size_t size, size_t unmapped_size</c>).
/// </summary>
/// <param name="Timestamp">When the unmap was made.</param>
/// <param name="Iova">First IOVA asked to be unmapped.</param>
/// <param name="Size">Bytes asked to be unmapped.</param>
/// <param name="UnmappedSize">Bytes really unmapped: more when a large page was removed whole, less when the
/// range reached an unmapped IOVA.</param>
/// <param name="Cpu">The host CPU the unmap ran on; -1 when not a host driver's.</param>
/// <param name="Device">The device it was unmapped for, by name; null when not known.</param>
public readonly record struct UnmapEvent(SimTime Timestamp, ulong Iova, ulong Size, ulong UnmappedSize, int Cpu = -1, string? Device = null)
{
    /// <summary>The event's name in the <c>iommu</c> trace system.</summary>
    public const string EventName = "unmap";

    /// <summary>The end of the requested range, <c>iova + size</c>, which current kernels print beside the start.</summary>
    public ulong IovaEnd => Iova + Size;
}
