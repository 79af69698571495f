namespace IommuSim.Host.Vfio;

/// <summary>The flags VFIO_GROUP_GET_STATUS returns.</summary>
/// <param name="Viable">VFIO_GROUP_FLAGS_VIABLE: no kernel driver holds the group's DMA (every function bound to
/// vfio-pci, a DMA-neutral driver, or nothing), or the group is already in a container.</param>
/// <param name="ContainerSet">VFIO_GROUP_FLAGS_CONTAINER_SET: the group is in a container.</param>
public readonly record struct VfioGroupStatus(bool Viable, bool ContainerSet);
