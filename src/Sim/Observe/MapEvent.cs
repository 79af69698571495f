using IommuSim.Kernel;

namespace IommuSim.Observe;

/// <summary>
/// Linux's <c>iommu:map</c> event (include/trace/events/iommu.h, class map): one successful
/// <c>iommu_map()</c> call, with the fields the kernel records (<c>u64 iova, u64 paddr, size_t size</c>).
/// </summary>
/// <param name="Timestamp">When the mapping was made.</param>
/// <param name="Iova">First IOVA of the range.</param>
/// <param name="PhysicalAddress">Physical address the range starts at (<c>paddr</c>).</param>
/// <param name="Size">Bytes mapped.</param>
/// <param name="Cpu">The host CPU the map ran on; -1 when not a host driver's (a VMM's VFIO map, a setup).</param>
/// <param name="Device">The device it was mapped for, by name; null when not known.</param>
public readonly record struct MapEvent(SimTime Timestamp, ulong Iova, ulong PhysicalAddress, ulong Size, int Cpu = -1, string? Device = null)
{
    /// <summary>The event's name in the <c>iommu</c> trace system.</summary>
    public const string EventName = "map";

    /// <summary>The end of the range, <c>iova + size</c>, which current kernels print beside the start.</summary>
    public ulong IovaEnd => Iova + Size;
}
