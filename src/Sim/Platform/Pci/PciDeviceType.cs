namespace IommuSim.Platform;

/// <summary>
/// What a PCI function is, in the terms Linux's grouping uses (<c>pci_pcie_type()</c> and whether the
/// function is PCI Express at all).
/// </summary>
public enum PciDeviceType
{
    /// <summary>A PCIe root port on a root bus; its secondary side is one PCIe link.</summary>
    RootPort,
    /// <summary>The upstream port of a PCIe switch; its secondary bus is the switch's internal bus.</summary>
    SwitchUpstreamPort,
    /// <summary>A downstream port of a PCIe switch, on the switch's internal bus.</summary>
    SwitchDownstreamPort,
    /// <summary>A PCIe-to-PCI/PCI-X bridge: everything behind it reaches the root with the bridge's alias.</summary>
    PcieToPciBridge,
    /// <summary>A PCIe endpoint behind a root or downstream port.</summary>
    Endpoint,
    /// <summary>A root-complex integrated endpoint: an endpoint directly on a root bus.</summary>
    RootComplexIntegratedEndpoint,
    /// <summary>A conventional PCI function behind a PCIe-to-PCI bridge: no PCIe capabilities, no ACS.</summary>
    ConventionalPciDevice,
    /// <summary>An SR-IOV virtual function of a physical function.</summary>
    VirtualFunction,
}
