using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// Latency of the memory reads the IOMMU makes for page-table walks and context entries: a read
/// hits the last-level cache with probability <see cref="LlcHitRate"/>, otherwise goes to DRAM.
/// </summary>
public sealed record MemoryParams
{
    /// <summary>Load-to-use latency of a DRAM read.</summary>
    [Param("dram_latency", "Latency of one memory read that misses the last-level cache.",
        Source = "AnandTech, Skylake-SP vs EPYC 7000 (2017), LMBench random load: Xeon Skylake-SP memory 89-91 ns", Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime DramLatency { get; init; } = SimTime.FromNanoseconds(90);

    /// <summary>Latency of a read served by the last-level cache.</summary>
    [Param("llc_latency", "Latency of one memory read served by the last-level cache.",
        Source = "AnandTech, EPYC Rome review (2019): Xeon 8280 L3 about 46 cycles at 2.7 GHz = 17 ns", Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime LlcLatency { get; init; } = SimTime.FromNanoseconds(17);

    /// <summary>Probability a page-walk read hits the last-level cache.</summary>
    [Param("llc_hit_rate", "Probability that an IOMMU page-walk read hits the last-level cache.",
        Source = "convention: every walk read goes to DRAM (the 3-read walk of platform.iommu.walk_caches is fitted with it); " +
                 "the calibration data show tightly clustered miss latencies, not a mix of LLC and DRAM reads", Min = 0, Max = 1)]
    public double LlcHitRate { get; init; }
}
