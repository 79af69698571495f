namespace IommuSim.Observe;

/// <summary>Which of Linux's two iommu group trace events a <see cref="GroupEvent"/> is.</summary>
public enum GroupEventKind
{
    /// <summary><c>add_device_to_group</c>: a device joined a group (boot, or a device appearing later).</summary>
    AddDeviceToGroup,
    /// <summary><c>remove_device_from_group</c>: a device left its group (removal).</summary>
    RemoveDeviceFromGroup,
}
