using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// The PCI topology (<c>platform.topology</c>): root buses, and every function as a flat list in which
/// each function names the port or bridge above it. A flat list reads like <c>lspci -D</c> output and
/// stays flat however deep switches nest. Bus numbers are given (as firmware assigned them), not derived:
/// the functions below a bridge share one bus, different from every other bridge's, and sibling bridges'
/// bus ranges must not overlap.
/// </summary>
/// <example>
/// A root port with ACS and a NIC with 4 VFs; a switch whose downstream ports lack ACS; a legacy PCI card:
/// <code>
/// platform:
///   topology:
///     root_buses:
///       - bus: "0000:00"
///       - { bus: "0000:80", bypass_iommu: true }
///     devices:
///       - { type: root-port, bdf: "0000:00:01.0", acs: [all] }
///       - { type: endpoint, bdf: "0000:01:00.0", parent: "0000:00:01.0", driver: ixgbe, vfs: 4, vf_driver: vfio-pci }
///       - { type: root-port, bdf: "0000:00:02.0", acs: [all] }
///       - { type: switch-upstream-port, bdf: "0000:02:00.0", parent: "0000:00:02.0" }
///       - { type: switch-downstream-port, bdf: "0000:03:00.0", parent: "0000:02:00.0" }
///       - { type: endpoint, bdf: "0000:04:00.0", parent: "0000:03:00.0", driver: nvme }
///       - { type: pcie-to-pci-bridge, bdf: "0000:00:1e.0" }
///       - { type: endpoint, bdf: "0000:05:01.0", parent: "0000:00:1e.0", driver: e100 }
///       - { type: root-port, bdf: "0000:80:01.0" }
/// </code>
/// </example>
public sealed record TopologySpec : IValidatableSpec
{
    /// <summary>The root buses; functions without a parent sit on one of them.</summary>
    [Param("root_buses", "Root buses (PCI host bridges); each may bypass the IOMMU.",
        Source = "one host bridge with root bus 0000:00, as on most single-socket machines")]
    public IReadOnlyList<RootBusSpec> RootBuses { get; init; } = [new RootBusSpec()];

    /// <summary>Every PCI function except SR-IOV virtual functions, which their physical function declares.</summary>
    [Param("devices", "PCI functions as a flat list; each names the port or bridge above it with parent.")]
    public IReadOnlyList<PciDeviceSpec> Devices { get; init; } = [];

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        var problems = new List<SpecProblem>();
        TopologyBuilder.Build(this, problems);
        return problems;
    }
}
