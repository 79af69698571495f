namespace IommuSim.Observe.Recording;

/// <summary>The events of Linux's <c>iommu</c> trace system, in the order include/trace/events/iommu.h defines them.</summary>
public enum IommuEventKind
{
    /// <summary><c>add_device_to_group</c>.</summary>
    AddDeviceToGroup,
    /// <summary><c>remove_device_from_group</c>.</summary>
    RemoveDeviceFromGroup,
    /// <summary><c>attach_device_to_domain</c>.</summary>
    AttachDeviceToDomain,
    /// <summary><c>detach_device_from_domain</c> (not in kernels since v6.3).</summary>
    DetachDeviceFromDomain,
    /// <summary><c>map</c>.</summary>
    Map,
    /// <summary><c>unmap</c>.</summary>
    Unmap,
    /// <summary><c>io_page_fault</c>.</summary>
    IoPageFault,
}
