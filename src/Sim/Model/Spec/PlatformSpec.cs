using IommuSim.Iommu;
using IommuSim.Platform;

namespace IommuSim.Model.Spec;

/// <summary>The simulated machine: memory and IOMMU.</summary>
public sealed record PlatformSpec
{
    /// <summary>Memory latency seen by IOMMU page walks.</summary>
    [Param("memory", "Latency of the memory reads the IOMMU makes.")]
    public MemoryParams Memory { get; init; } = new();

    /// <summary>The IOMMU translation hardware.</summary>
    [Param("iommu", "The IOMMU: caches, walkers, invalidation latencies.")]
    public IommuParams Iommu { get; init; } = new();
}
