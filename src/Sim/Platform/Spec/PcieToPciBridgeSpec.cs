using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// A PCIe-to-PCI/PCI-X bridge (<c>type: pcie-to-pci-bridge</c>); endpoints naming it as parent are
/// conventional PCI functions. No driver binds to it.
/// </summary>
[SpecVariant("pcie-to-pci-bridge")]
public sealed record PcieToPciBridgeSpec : PciDeviceSpec;
