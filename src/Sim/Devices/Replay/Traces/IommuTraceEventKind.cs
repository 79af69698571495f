namespace IommuSim.Devices.Replay;

/// <summary>The Linux <c>iommu</c> trace events a replay reads.</summary>
public enum IommuTraceEventKind
{
    /// <summary><c>iommu:map</c>: one successful <c>iommu_map()</c>.</summary>
    Map,
    /// <summary><c>iommu:unmap</c>: one <c>iommu_unmap()</c>.</summary>
    Unmap,
}
