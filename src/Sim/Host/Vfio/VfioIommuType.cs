namespace IommuSim.Host.Vfio;

/// <summary>VFIO IOMMU models, with their include/uapi/linux/vfio.h values (the argument of VFIO_SET_IOMMU).</summary>
public enum VfioIommuType
{
    /// <summary>VFIO_TYPE1_IOMMU: the original x86/Arm model.</summary>
    Type1 = 1,
    /// <summary>VFIO_SPAPR_TCE_IOMMU: IBM POWER; not offered on the hosts IommuSim models.</summary>
    SpaprTce = 2,
    /// <summary>VFIO_TYPE1v2_IOMMU: type1 with exact unmap semantics; what QEMU asks for first.</summary>
    Type1v2 = 3,
}
