using IommuSim.Iommu;
using IommuSim.Iommu.Interrupts;
using IommuSim.Parameters;
using IommuSim.Platform;

namespace IommuSim.Platform;

/// <summary>The simulated machine: memory, IOMMU, I/O APIC, PCI topology and IOMMU units.</summary>
public sealed record PlatformSpec : IValidatableSpec
{
    /// <summary>Memory latency seen by IOMMU page walks.</summary>
    [Param("memory", "Latency of the memory reads the IOMMU makes.")]
    public MemoryParams Memory { get; init; } = new();

    /// <summary>The IOMMU translation hardware.</summary>
    [Param("iommu", "The IOMMU: caches, walkers, invalidation latencies.")]
    public IommuParams Iommu { get; init; } = new();

    /// <summary>The I/O APIC carrying legacy INTx interrupts.</summary>
    [Param("ioapic", "The I/O APIC: INTx lines, shared-line polling and end-of-interrupt costs.")]
    public IoApicParams IoApic { get; init; } = new();

    /// <summary>The root complex's inbound buffers and the memory behind them, per root port.</summary>
    [Param("root_complex", "The root complex: write and read buffers of each root port, memory write latency, DDIO.")]
    public Pcie.RootComplexParams RootComplex { get; init; } = new();

    /// <summary>The PCI hierarchy: root buses, ports, switches, bridges and functions.</summary>
    [Param("topology", "PCI root buses and functions (ports, switches, bridges, endpoints, SR-IOV).")]
    public TopologySpec Topology { get; init; } = new();

    /// <summary>The IOMMU units and the functions each translates; empty for a machine without an IOMMU.</summary>
    [Param("iommu_units", "IOMMU units and their device scopes; empty for a machine without an IOMMU (DMA goes direct).",
        Source = "convention: one unit over every function (INCLUDE_PCI_ALL), the simplest layout, as a QEMU q35 guest's single " +
                 "DRHD; real Intel servers report several (e.g. dmar0-dmar7 on a two-socket Skylake-SP, one per PCIe I/O stack, the " +
                 "INCLUDE_PCI_ALL unit last, VT-d specification §8.3)")]
    public IReadOnlyList<IommuUnitSpec> IommuUnits { get; init; } = [new IommuUnitSpec { Name = "dmar0", IncludeAll = true }];

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        var problems = new List<SpecProblem>();
        // The topology reports its own problems; units are checked against a topology that holds together.
        var topology = TopologyBuilder.Build(Topology, []);
        if (topology is not null)
            IommuScope.Resolve(topology, IommuUnits, Iommu.Kind, problems);
        return problems;
    }
}
