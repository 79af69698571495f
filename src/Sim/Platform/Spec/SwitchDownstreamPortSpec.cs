using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>A downstream port of a PCIe switch (<c>type: switch-downstream-port</c>), parent: the switch's upstream port.</summary>
[SpecVariant("switch-downstream-port")]
public sealed record SwitchDownstreamPortSpec : PciDeviceSpec
{
    /// <summary>A downstream port bound to Linux's PCIe port driver.</summary>
    public SwitchDownstreamPortSpec() => Driver = "pcieport";
}
