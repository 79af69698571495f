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
public readonly record struct UnmapEvent(SimTime Timestamp, ulong Iova, ulong Size, ulong UnmappedSize)
{
    /// <summary>The event's name in the <c>iommu</c> trace system.</summary>
    public const string EventName = "unmap";

    /// <summary>The end of the requested range, <c>iova + size</c>, which current kernels print beside the start.</summary>
    public ulong IovaEnd => Iova + Size;
}
