using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>Which IOMMU architecture a unit follows; boot uses it to pick its ACPI table and driver behaviour.</summary>
public enum IommuKind
{
    /// <summary>Intel VT-d (DMAR table, queued invalidation).</summary>
    [SpecName("intel-vtd")] IntelVtd,
    /// <summary>AMD-Vi (IVRS table, command buffer).</summary>
    [SpecName("amd-vi")] AmdVi,
    /// <summary>Arm SMMUv3 (IORT table, command queue).</summary>
    [SpecName("arm-smmuv3")] ArmSmmuV3,
    /// <summary>No particular architecture: the model's common behaviour only.</summary>
    [SpecName("generic")] Generic,
}
