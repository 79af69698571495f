namespace IommuSim.Observe;

/// <summary>Which of Linux's two iommu device trace events a <see cref="DeviceDomainEvent"/> is.</summary>
public enum DeviceDomainEventKind
{
    /// <summary><c>attach_device_to_domain</c>: the device now translates through a domain.</summary>
    AttachDeviceToDomain,
    /// <summary><c>detach_device_from_domain</c>: the device left the domain it was attached to.</summary>
    DetachDeviceFromDomain,
}
