using IommuSim.Iommu;

namespace IommuSim.Host;

/// <summary>
/// Told of every page-table map and unmap the DMA layer makes, with the fields of Linux's <c>map</c> and
/// <c>unmap</c> trace events (include/trace/events/iommu.h); the integrator turns them into trace events.
/// Called synchronously at the simulated time of the change; must not call back into the DMA layer.
/// </summary>
public interface IDmaMapObserver
{
    /// <summary>An iommu_map: [<paramref name="iova"/>, iova + <paramref name="size"/>) now maps <paramref name="paddr"/>.</summary>
    void OnMap(Domain domain, DmaDevice device, int cpu, ulong iova, ulong paddr, ulong size);

    /// <summary>An iommu_unmap of <paramref name="size"/> bytes at <paramref name="iova"/> that removed <paramref name="unmappedSize"/> bytes.</summary>
    void OnUnmap(Domain domain, DmaDevice device, int cpu, ulong iova, ulong size, ulong unmappedSize);
}
