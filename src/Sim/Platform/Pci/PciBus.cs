namespace IommuSim.Platform;

/// <summary>
/// A PCI bus: a root bus, the secondary bus of a bridge or port, or a virtual bus that holds SR-IOV
/// virtual functions whose routing IDs pass their physical function's bus (Linux's <c>virtfn_add_bus</c>:
/// such a bus has no bridge of its own).
/// </summary>
public sealed class PciBus
{
    private readonly List<PciDevice> _devices = [];

    internal PciBus(PciBusAddress address, PciDevice? bridge, PciBus? parent, bool bypassIommu)
    {
        Address = address;
        Bridge = bridge;
        Parent = parent;
        BypassIommu = bypassIommu;
    }

    /// <summary>Segment and bus number.</summary>
    public PciBusAddress Address { get; }

    /// <summary>The bridge or port whose secondary bus this is (Linux's <c>bus-&gt;self</c>); null for root and virtual buses.</summary>
    public PciDevice? Bridge { get; }

    /// <summary>The bus above; null for a root bus.</summary>
    public PciBus? Parent { get; }

    /// <summary>True for a root bus.</summary>
    public bool IsRoot => Parent is null;

    /// <summary>The root bus this bus descends from.</summary>
    public PciBus Root
    {
        get
        {
            var bus = this;
            while (bus.Parent is not null) bus = bus.Parent;
            return bus;
        }
    }

    /// <summary>True when DMA below this bus bypasses the IOMMU (a property of its root bus, QEMU's bypass_iommu).</summary>
    public bool BypassIommu { get; }

    /// <summary>The functions on this bus, in device/function order.</summary>
    public IReadOnlyList<PciDevice> Devices => _devices;

    internal void Add(PciDevice device) => _devices.Add(device);

    /// <summary>The bus name, e.g. <c>0000:01</c>.</summary>
    public override string ToString() => Address.ToString();
}
