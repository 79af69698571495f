using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>How the IOTLB holds translations of different page sizes.</summary>
public enum IotlbOrganization
{
    /// <summary>One cache for every page size: large-page entries compete with 4 KiB ones for the same ways.</summary>
    [SpecName("unified")] Unified,
    /// <summary>One cache per page size: 4 KiB traffic cannot evict 2 MiB or 1 GiB entries.</summary>
    [SpecName("split")] SplitPerPageSize,
}
