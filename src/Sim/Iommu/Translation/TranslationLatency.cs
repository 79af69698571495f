using IommuSim.Kernel;

namespace IommuSim.Iommu;

/// <summary>Where a translation's time went; the parts add up to <see cref="Total"/>.</summary>
/// <param name="Lookup">Cache lookups: the ATC (with ATS) and the IOMMU's context cache and IOTLB.</param>
/// <param name="ContextFetch">Reading the context entry after a context-cache miss.</param>
/// <param name="WalkerWait">Waiting for a free walker (or for the walk being shared to start).</param>
/// <param name="Walk">The walk's memory reads, from its start (or from joining it) to its end.</param>
public readonly record struct TranslationLatency(SimTime Lookup, SimTime ContextFetch, SimTime WalkerWait, SimTime Walk)
{
    /// <summary>The whole translation time.</summary>
    public SimTime Total => Lookup + ContextFetch + WalkerWait + Walk;
}
