using IommuSim.Iommu;
using IommuSim.Iommu.Interrupts;
using IommuSim.Platform;

namespace IommuSim.Model.Spec;

/// <summary>The simulated machine: memory, IOMMU and I/O APIC.</summary>
public sealed record PlatformSpec
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
}
