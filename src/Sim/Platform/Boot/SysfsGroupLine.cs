namespace IommuSim.Platform;

/// <summary>
/// One line of the group listing: a function's link under <c>/sys/kernel/iommu_groups/&lt;n&gt;/devices</c>,
/// with the group's default domain type (its sysfs <c>type</c> file) and the function's driver.
/// </summary>
/// <param name="GroupId">The group number.</param>
/// <param name="Device">The function.</param>
/// <param name="DomainType">The group's default domain type as sysfs spells it (DMA-FQ, DMA, identity).</param>
/// <param name="Driver">The driver bound to the function.</param>
public sealed record SysfsGroupLine(int GroupId, PciAddress Device, string DomainType, DriverBinding Driver)
{
    /// <summary>The sysfs path, e.g. <c>/sys/kernel/iommu_groups/3/devices/0000:01:00.0</c>.</summary>
    public string Path => $"/sys/kernel/iommu_groups/{GroupId}/devices/{Device}";

    /// <summary>The printed line: the path, then the domain type in parentheses.</summary>
    public string Text => $"{Path} ({DomainType})";

    /// <summary>Same as <see cref="Text"/>.</summary>
    public override string ToString() => Text;
}
