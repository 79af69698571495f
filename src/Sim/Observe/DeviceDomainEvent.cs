using IommuSim.Kernel;

namespace IommuSim.Observe;

/// <summary>
/// A Linux iommu "device" class trace event (include/trace/events/iommu.h, printed as
/// <c>IOMMU: device=%s</c>).
/// </summary>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Kind">attach_device_to_domain or detach_device_from_domain.</param>
/// <param name="Device">The device name (<c>dev_name()</c>), e.g. <c>0000:01:00.0</c>.</param>
public readonly record struct DeviceDomainEvent(SimTime Timestamp, DeviceDomainEventKind Kind, string Device);
