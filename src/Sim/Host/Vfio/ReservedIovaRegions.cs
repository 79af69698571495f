using IommuSim.Iommu;

namespace IommuSim.Host.Vfio;

/// <summary>
/// IOVA ranges an IOMMU driver reserves for every device (its reserved regions); VFIO type1 removes them
/// from the IOVAs a container may map (vfio_iommu_resv_exclude), so a MAP_DMA touching one fails.
/// </summary>
public static class ReservedIovaRegions
{
    /// <summary>The reserved ranges of <paramref name="kind"/>.</summary>
    public static IReadOnlyList<IovaRange> For(IommuKind kind) => kind switch
    {
        // Writes there are interrupts, not memory: IOAPIC_RANGE_START/END, drivers/iommu/intel/iommu.c.
        IommuKind.IntelVtd => [new IovaRange(0xfee0_0000, 0xfeef_ffff, "MSI window")],
        // MSI_RANGE_* and HT_RANGE_* in drivers/iommu/amd/iommu.c.
        IommuKind.AmdVi =>
        [
            new IovaRange(0xfee0_0000, 0xfeef_ffff, "MSI window"),
            new IovaRange(0xfd_0000_0000, 0xff_ffff_ffff, "HyperTransport range"),
        ],
        // MSI_IOVA_BASE/LENGTH in drivers/iommu/arm/arm-smmu-v3: where the kernel maps the ITS doorbell.
        IommuKind.ArmSmmuV3 => [new IovaRange(0x0800_0000, 0x080f_ffff, "software MSI window")],
        _ => [],
    };
}
