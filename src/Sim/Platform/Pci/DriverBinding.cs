namespace IommuSim.Platform;

/// <summary>
/// The driver a PCI function is bound to: a host driver (by name), <c>vfio-pci</c>, or none.
/// VFIO group viability and the <c>io_page_fault</c> event's driver field both read it.
/// </summary>
public readonly record struct DriverBinding
{
    /// <summary>The VFIO PCI driver's name.</summary>
    public const string VfioPciName = "vfio-pci";

    /// <summary>Binds to the driver called <paramref name="name"/>; empty means no driver.</summary>
    public DriverBinding(string? name) => Name = name?.Trim() ?? "";

    /// <summary>Not bound to any driver.</summary>
    public static DriverBinding None => new("");
    /// <summary>Bound to vfio-pci.</summary>
    public static DriverBinding VfioPci => new(VfioPciName);

    /// <summary>The driver name; empty when unbound.</summary>
    public string Name { get; }

    /// <summary>True when no driver is bound.</summary>
    public bool IsUnbound => Name.Length == 0;

    /// <summary>
    /// True when bound to vfio-pci or one of its variant drivers (mlx5_vfio_pci, hisi_acc_vfio_pci,
    /// xe-vfio-pci ...), which register the function with VFIO the same way.
    /// </summary>
    public bool IsVfioPci => Name == VfioPciName
        || Name.EndsWith("-" + VfioPciName, StringComparison.Ordinal) || Name.EndsWith("_vfio_pci", StringComparison.Ordinal);

    /// <summary>
    /// True when the driver uses the kernel DMA API, so binding it claims the group's DMA ownership
    /// (<c>iommu_device_use_default_domain</c> from <c>really_probe</c>) and VFIO cannot take the group.
    /// vfio-pci (and its variants), pci-stub and the PCIe port driver set <c>driver_managed_dma</c> and claim
    /// nothing (pcieport since commit "PCI: portdrv: Set driver_managed_dma").
    /// </summary>
    public bool ClaimsKernelDma => !IsUnbound && !IsVfioPci && Name is not ("pci-stub" or "pcieport");

    /// <summary>
    /// The driver as trace events print it: Linux's <c>dev_driver_string()</c> gives the bus name,
    /// <c>pci</c>, for an unbound PCI device.
    /// </summary>
    public string TraceName => IsUnbound ? "pci" : Name;

    /// <summary>The driver name, or <c>none</c>.</summary>
    public override string ToString() => IsUnbound ? "none" : Name;
}
