using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// One PCI function of the topology, one item of <c>platform.topology.devices</c>. The concrete kinds
/// (<c>type:</c> root-port, switch-upstream-port, switch-downstream-port, pcie-to-pci-bridge, endpoint)
/// derive from it. A function names the bridge or port above it with <c>parent</c>; functions without a
/// parent sit on a root bus.
/// </summary>
public abstract record PciDeviceSpec
{
    /// <summary>The function's address, segment:bus:device.function.</summary>
    [Param("bdf", "PCI address segment:bus:device.function in hex, e.g. 0000:01:00.0 (as lspci -D prints it).", Required = true)]
    public string Bdf { get; init; } = "";

    /// <summary>The bridge or port above it; empty when it sits on a root bus.</summary>
    [Param("parent", "Address of the root port, switch port or bridge above this function; empty for a function on a root bus.")]
    public string Parent { get; init; } = "";

    /// <summary>The ACS controls in effect (<c>[sv, rr, cr, uf]</c>, <c>[all]</c>, or empty for no ACS capability).</summary>
    [Param("acs", "ACS controls in effect: any of sv, rr, cr, uf, or all; empty means no ACS capability.",
        Source = "ACS is an optional PCIe capability (PCIe Base 3.0 §6.12); absent unless the hardware has it")]
    public IReadOnlyList<AcsFlags> Acs { get; init; } = [];

    /// <summary>The driver bound to the function: a host driver name, vfio-pci, or empty for none.</summary>
    [Param("driver", "Driver bound to the function: a host driver name (e.g. ixgbe, nvme), vfio-pci, or empty for none.")]
    public string Driver { get; init; } = "";

    /// <summary>The effective ACS controls as flags.</summary>
    public AcsFlags AcsControls
    {
        get
        {
            var flags = AcsFlags.None;
            foreach (var f in Acs) flags |= f;
            return flags;
        }
    }
}
