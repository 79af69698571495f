using IommuSim.Model.Spec;

namespace IommuSim.Iommu;

/// <summary>The IOMMU architecture of a host: how firmware describes it and which Linux driver runs it.</summary>
public enum IommuKind
{
    /// <summary>Intel VT-d: units (DRHDs) described by the ACPI DMAR table; driver intel-iommu.</summary>
    [SpecName("intel-vtd")]
    IntelVtd,
    /// <summary>AMD-Vi: units (IVHDs) described by the ACPI IVRS table; driver amd_iommu.</summary>
    [SpecName("amd-vi")]
    AmdVi,
    /// <summary>Arm SMMUv3: units described by the ACPI IORT table (or a device tree); driver arm-smmu-v3.</summary>
    [SpecName("arm-smmuv3")]
    ArmSmmuV3,
    /// <summary>An architecture-neutral IOMMU described directly by the scenario, with no firmware table.</summary>
    [SpecName("generic")]
    Generic,
}
