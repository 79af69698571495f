namespace IommuSim.Platform;

/// <summary>
/// One PCI function of the topology: its address, what it is, where it sits, its ACS controls, its
/// driver, and for SR-IOV its virtual functions. Immutable once the topology is built.
/// </summary>
public sealed class PciDevice
{
    private readonly List<PciDevice> _virtualFunctions = [];

    internal PciDevice(PciAddress address, PciDeviceType type, PciBus bus, AcsFlags acs, DriverBinding driver)
    {
        Address = address;
        Type = type;
        Bus = bus;
        Acs = acs;
        Driver = driver;
    }

    /// <summary>The function's address.</summary>
    public PciAddress Address { get; }
    /// <summary>What the function is.</summary>
    public PciDeviceType Type { get; }
    /// <summary>The bus the function sits on.</summary>
    public PciBus Bus { get; }
    /// <summary>The ACS controls in effect; <see cref="AcsFlags.None"/> when it has no ACS capability.</summary>
    public AcsFlags Acs { get; }
    /// <summary>The driver bound to it.</summary>
    public DriverBinding Driver { get; }

    /// <summary>For a bridge or port with functions below it, its secondary bus; otherwise null.</summary>
    public PciBus? SecondaryBus { get; internal set; }

    /// <summary>True when its device has more than one function (the header's multifunction bit); never for a VF.</summary>
    public bool IsMultifunction { get; internal set; }

    /// <summary>For a physical function with VFs enabled, its SR-IOV capability; otherwise null.</summary>
    public SriovCapability? Sriov { get; internal set; }

    /// <summary>For a virtual function, its physical function; otherwise null.</summary>
    public PciDevice? PhysicalFunction { get; internal set; }

    /// <summary>For a virtual function, its number from 1; otherwise 0.</summary>
    public int VfNumber { get; internal set; }

    /// <summary>The virtual functions of a physical function, VF 1 first.</summary>
    public IReadOnlyList<PciDevice> VirtualFunctions => _virtualFunctions;

    /// <summary>
    /// The requester ID the IOMMU sees on this function's DMA: its own, or the alias of the PCIe-to-PCI
    /// bridge nearest the root above it (secondary bus, device 0 function 0: PCIe-to-PCI bridge spec 1.0
    /// §2.3, as Linux's <c>pci_for_each_dma_alias</c> reports it).
    /// </summary>
    public ushort RootRequesterId { get; internal set; }

    /// <summary>The device name Linux prints: its address, e.g. <c>0000:01:00.0</c>.</summary>
    public string Name => Address.ToString();

    /// <summary>True for root ports, switch ports and PCIe-to-PCI bridges.</summary>
    public bool IsBridge => Type is PciDeviceType.RootPort or PciDeviceType.SwitchUpstreamPort
        or PciDeviceType.SwitchDownstreamPort or PciDeviceType.PcieToPciBridge;

    /// <summary>True unless it is a conventional PCI function.</summary>
    public bool IsPcie => Type != PciDeviceType.ConventionalPciDevice;

    /// <summary>
    /// The bridge or port above it: the first bus above with a bridge (a VF on a virtual bus looks past
    /// that bus); null on a root bus.
    /// </summary>
    public PciDevice? UpstreamBridge
    {
        get
        {
            for (var bus = Bus; bus is not null; bus = bus.Parent)
                if (bus.Bridge is not null) return bus.Bridge;
            return null;
        }
    }

    /// <summary>The function itself, or for a VF its physical function (Linux's <c>pci_physfn</c>).</summary>
    public PciDevice PhysicalFunctionOrSelf => PhysicalFunction ?? this;

    internal void AddVirtualFunction(PciDevice vf) => _virtualFunctions.Add(vf);

    /// <summary>True when <paramref name="ancestor"/> is this function or a bridge above it.</summary>
    public bool IsAtOrBelow(PciDevice ancestor)
    {
        for (PciDevice? d = this; d is not null; d = d.UpstreamBridge)
            if (ReferenceEquals(d, ancestor)) return true;
        return false;
    }

    /// <summary>Address and type, e.g. <c>0000:01:00.0 (Endpoint)</c>.</summary>
    public override string ToString() => $"{Name} ({Type})";
}
