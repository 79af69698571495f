namespace IommuSim.Iommu;

/// <summary>Which valid entry of a full set a cache evicts to make room.</summary>
public enum ReplacementPolicy
{
    /// <summary>Least recently used: the entry looked up or inserted longest ago.</summary>
    Lru,
    /// <summary>First in, first out: the entry inserted longest ago; hits do not matter.</summary>
    Fifo,
    /// <summary>A uniformly random way, from the cache's own seeded generator.</summary>
    Random,
    /// <summary>Each set's ways in turn (0, 1, 2, ...), advancing on every eviction.</summary>
    RoundRobin,
}
