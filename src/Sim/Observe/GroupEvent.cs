using IommuSim.Kernel;

namespace IommuSim.Observe;

/// <summary>
/// A Linux iommu "group" class trace event (include/trace/events/iommu.h, printed as
/// <c>IOMMU: groupID=%d device=%s</c>).
/// </summary>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Kind">add_device_to_group or remove_device_from_group.</param>
/// <param name="GroupId">The group number, as in <c>/sys/kernel/iommu_groups/&lt;n&gt;</c>.</param>
/// <param name="Device">The device name (<c>dev_name()</c>), e.g. <c>0000:01:00.0</c>.</param>
public readonly record struct GroupEvent(SimTime Timestamp, GroupEventKind Kind, int GroupId, string Device);
