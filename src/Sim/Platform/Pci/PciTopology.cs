namespace IommuSim.Platform;

/// <summary>
/// The machine's PCI hierarchy after enumeration: root buses, bridges, ports and functions, with SR-IOV
/// virtual functions enabled. <see cref="Devices"/> is in Linux's order of adding devices to the PCI bus:
/// each bus's functions in device/function order, then the buses below its bridges in the same order,
/// depth first (pci_scan_child_bus); virtual functions after every scanned function, PF by PF, because
/// SR-IOV is enabled after the bus scan.
/// </summary>
public sealed class PciTopology
{
    private readonly Dictionary<PciAddress, PciDevice> _byAddress;

    internal PciTopology(IReadOnlyList<PciBus> rootBuses, IReadOnlyList<PciDevice> devices)
    {
        RootBuses = rootBuses;
        Devices = devices;
        _byAddress = devices.ToDictionary(d => d.Address);
    }

    /// <summary>The root buses, in declaration order.</summary>
    public IReadOnlyList<PciBus> RootBuses { get; }

    /// <summary>Every function, in enumeration order (scanned functions, then virtual functions).</summary>
    public IReadOnlyList<PciDevice> Devices { get; }

    /// <summary>Builds the topology a scenario describes.</summary>
    /// <exception cref="ArgumentException">The description is inconsistent; the message lists every problem.</exception>
    public static PciTopology FromSpec(TopologySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<Parameters.SpecProblem>();
        var topology = TopologyBuilder.Build(spec, problems);
        if (topology is null || problems.Count > 0)
            throw new ArgumentException("invalid PCI topology: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")), nameof(spec));
        return topology;
    }

    /// <summary>The function at <paramref name="address"/>, or null.</summary>
    public PciDevice? Find(PciAddress address) => _byAddress.GetValueOrDefault(address);

    /// <summary>The function at <paramref name="address"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none.</exception>
    public PciDevice Get(PciAddress address) => Find(address)
        ?? throw new KeyNotFoundException($"the topology has no function {address}");
}
