namespace IommuSim.Host.Vfio;

/// <summary>One contiguous piece of a VM's RAM in guest-physical space; QEMU maps each with one VFIO_IOMMU_MAP_DMA.</summary>
/// <param name="GuestPhysicalAddress">Where it starts in the guest (the IOVA the device uses).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="RamOffset">Where it starts within the VM's RAM, which the host backs contiguously.</param>
public readonly record struct GuestRamRegion(ulong GuestPhysicalAddress, ulong Size, ulong RamOffset);
