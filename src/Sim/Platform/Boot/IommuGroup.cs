using IommuSim.Iommu;

namespace IommuSim.Platform;

/// <summary>
/// An IOMMU group: the smallest set of PCI functions the IOMMU can isolate from each other. Its
/// functions are always attached to the same domain: the default domain from boot, or another one
/// (a VM's unmanaged domain) while VFIO owns the group.
/// </summary>
public sealed class IommuGroup
{
    private readonly List<PciDevice> _devices = [];

    internal IommuGroup(int id) => Id = id;

    /// <summary>The group number, as in <c>/sys/kernel/iommu_groups/&lt;n&gt;</c>.</summary>
    public int Id { get; }

    /// <summary>Its functions, in the order they joined.</summary>
    public IReadOnlyList<PciDevice> Devices => _devices;

    /// <summary>The domain boot attached it to.</summary>
    public Domain DefaultDomain { get; private set; } = null!;

    /// <summary>The domain its functions are attached to now.</summary>
    public Domain Domain { get; private set; } = null!;

    /// <summary>
    /// The default domain's type as <c>/sys/kernel/iommu_groups/&lt;n&gt;/type</c> shows it
    /// (<c>DMA-FQ</c>, <c>DMA</c>, <c>identity</c>, ...).
    /// </summary>
    public string SysfsType => SysfsTypeName(DefaultDomain.Type);

    /// <summary>A domain type as the sysfs <c>type</c> file spells it (iommu_group_show_type in drivers/iommu/iommu.c).</summary>
    public static string SysfsTypeName(DomainType type) => type switch
    {
        DomainType.Blocked => "blocked",
        DomainType.Identity => "identity",
        DomainType.Unmanaged => "unmanaged",
        DomainType.DmaStrict => "DMA",
        DomainType.DmaLazy => "DMA-FQ",
        _ => "unknown",
    };

    internal void Add(PciDevice device) => _devices.Add(device);

    internal void SetDefaultDomain(Domain domain)
    {
        DefaultDomain = domain;
        Domain = domain;
    }

    internal void Attach(Domain domain) => Domain = domain;

    /// <summary>E.g. <c>group 3 (2 devices, DMA-FQ)</c>.</summary>
    public override string ToString() => $"group {Id} ({_devices.Count} device{(_devices.Count == 1 ? "" : "s")}, {SysfsType})";
}
