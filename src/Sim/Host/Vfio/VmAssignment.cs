using IommuSim.Iommu;
using IommuSim.Observe;
using IommuSim.Platform;

namespace IommuSim.Host.Vfio;

/// <summary>A VM whose functions VFIO assigned: its container, groups, domain, RAM mappings and the events.</summary>
/// <param name="Vm">The VM's name.</param>
/// <param name="Container">The VFIO container holding the VM's groups.</param>
/// <param name="Groups">The groups assigned, in the order they joined.</param>
/// <param name="Domain">The unmanaged domain the groups are attached to; null for a VM without assigned functions
/// (its container never gets an IOMMU).</param>
/// <param name="Mappings">The guest RAM mappings, one per RAM region.</param>
/// <param name="Devices">The functions opened for the VM.</param>
/// <param name="Events">detach_device_from_domain and attach_device_to_domain events, in order.</param>
public sealed record VmAssignment(
    string Vm, VfioContainer Container, IReadOnlyList<IommuGroup> Groups, Domain? Domain,
    IReadOnlyList<VfioDmaMapping> Mappings, IReadOnlyList<PciDevice> Devices, IReadOnlyList<DeviceDomainEvent> Events);
