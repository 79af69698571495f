using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// The upstream port of a PCIe switch (<c>type: switch-upstream-port</c>), below a root port or a
/// downstream port; its downstream ports name it as parent.
/// </summary>
[SpecVariant("switch-upstream-port")]
public sealed record SwitchUpstreamPortSpec : PciDeviceSpec
{
    /// <summary>An upstream port bound to Linux's PCIe port driver.</summary>
    public SwitchUpstreamPortSpec() => Driver = "pcieport";
}
