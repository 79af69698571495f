using IommuSim.Kernel;
using IommuSim.Model.Spec;

namespace IommuSim.Platform;

/// <summary>
/// Latency of the memory reads the IOMMU makes for page-table walks and context entries: a read
/// hits the last-level cache with probability <see cref="LlcHitRate"/>, otherwise goes to DRAM.
/// </summary>
public sealed record MemoryParams
{
    /// <summary>Load-to-use latency of a DRAM read.</summary>
    [Param("dram_latency", "Latency of one memory read that misses the last-level cache.",
        Source = "Velten et al., ICPE 2022: idle local DRAM latency of Intel Cascade Lake SP about 90 ns", Min = 0)]
    public SimTime DramLatency { get; init; } = SimTime.FromNanoseconds(90);

    /// <summary>Latency of a read served by the last-level cache.</summary>
    [Param("llc_latency", "Latency of one memory read served by the last-level cache.",
        Source = "Velten et al., ICPE 2022: L3 hit latency of Intel Cascade Lake SP about 20 ns", Min = 0)]
    public SimTime LlcLatency { get; init; } = SimTime.FromNanoseconds(20);

    /// <summary>Probability a page-walk read hits the last-level cache.</summary>
    [Param("llc_hit_rate", "Probability that an IOMMU page-walk read hits the last-level cache.",
        Source = "conservative choice: every walk read goes to DRAM unless a platform says otherwise", Min = 0, Max = 1)]
    public double LlcHitRate { get; init; }
}
