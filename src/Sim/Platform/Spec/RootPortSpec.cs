using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>A PCIe root port on a root bus (<c>type: root-port</c>); bound to the PCIe port driver by default.</summary>
[SpecVariant("root-port")]
public sealed record RootPortSpec : PciDeviceSpec
{
    /// <summary>A root port bound to Linux's PCIe port driver.</summary>
    public RootPortSpec() => Driver = "pcieport";
}
