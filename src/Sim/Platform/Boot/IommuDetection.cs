using IommuSim.Iommu;

namespace IommuSim.Platform;

/// <summary>
/// What boot-time IOMMU detection found and decided. The DMA layer's detect hooks look for the kind's
/// ACPI table (DMAR for Intel VT-d, IVRS for AMD-Vi, IORT for Arm SMMUv3); without one, or with the IOMMU
/// turned off, DMA goes direct with SWIOTLB as the fallback for memory a device cannot reach.
/// </summary>
/// <param name="Kind">The IOMMU architecture found; null when there is no unit.</param>
/// <param name="FirmwareTable">The ACPI table that described the units (empty when none, or for generic units).</param>
/// <param name="UnitCount">Units found.</param>
/// <param name="Enabled">True when the IOMMU translates (groups and domains exist).</param>
/// <param name="DefaultDomainType">The type of every group's default domain; null when not enabled.</param>
/// <param name="Summary">One line saying what happened, for reports.</param>
public sealed record IommuDetection(
    IommuKind? Kind, string FirmwareTable, int UnitCount, bool Enabled, DomainType? DefaultDomainType, string Summary);
