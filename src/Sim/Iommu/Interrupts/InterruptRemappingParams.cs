using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// One IOMMU unit's interrupt remapping hardware: its interrupt remapping table, interrupt entry cache (IEC)
/// and the time an interrupt takes from the unit to the target CPU. Scenario section
/// <c>platform.iommu.interrupt_remapping</c>.
/// </summary>
/// <remarks>
/// An IEC miss reads the 128-bit IRTE from memory at <c>platform.memory</c>'s latency (LLC or DRAM, like
/// page-walk and context reads), so it has no latency key here. A posted interrupt adds the atomic update of
/// the vCPU's posted-interrupt descriptor, also memory accesses, then a notification priced like any delivery.
/// </remarks>
public sealed record InterruptRemappingParams : IValidatableSpec
{
    /// <summary>The largest table: VT-d's IRTA_REG size field S gives 2^(S+1) entries, S at most 15.</summary>
    public const int MaxTableEntries = 65536;

    /// <summary>Entries of the interrupt remapping table (a power of two).</summary>
    [Param("table_entries", "Entries of the interrupt remapping table (a power of two); one per remapped MSI/MSI-X vector or IOAPIC pin.",
        Source = "Linux drivers/iommu/intel/iommu.h (include/linux/intel-iommu.h before v6.0): INTR_REMAP_TABLE_ENTRIES = 65536, " +
                 "IRTA_REG size field INTR_REMAP_TABLE_REG_SIZE = 0xf, 2^(0xf+1) entries (Intel VT-d specification, IRTA_REG)",
        Min = 2, Max = MaxTableEntries)]
    public int TableEntries { get; init; } = MaxTableEntries;

    /// <summary>Interrupt entry cache entries.</summary>
    [Param("cache_entries", "Interrupt entry cache (IEC) entries: cached IRTEs.",
        Source = "convention: Intel publishes no IEC size (VT-d leaves it to implementations); the geometry of the context cache, " +
                 "the other cache of per-source entries; 64 holds every vector of the scenarios shipped",
        Min = 1, Max = MaxTableEntries)]
    public int CacheEntries { get; init; } = 64;

    /// <summary>Ways per set of the interrupt entry cache.</summary>
    [Param("cache_ways", "Ways per set of the interrupt entry cache; must divide cache_entries.",
        Source = "convention: as cache_entries", Min = 1, Max = MaxTableEntries)]
    public int CacheWays { get; init; } = 4;

    /// <summary>Which interrupt-entry-cache entry a full set evicts.</summary>
    [Param("cache_replacement", "Victim choice in a full interrupt-entry-cache set: lru, fifo, random or round-robin.",
        Source = "convention: as cache_entries")]
    public ReplacementPolicy CacheReplacement { get; init; } = ReplacementPolicy.RoundRobin;

    /// <summary>Time to look up the interrupt entry cache for one interrupt, hit or miss.</summary>
    [Param("lookup_latency", "Time to look up the interrupt entry cache for one interrupt request, hit or miss.",
        Source = "convention: as platform.iommu.lookup_latency, a cache lookup in the IOMMU",
        Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime LookupLatency { get; init; } = SimTime.FromNanoseconds(3);

    /// <summary>Time for an interrupt message to go from the unit to the target CPU's local APIC.</summary>
    [Param("delivery_latency", "Time for an interrupt message (remapped, compatibility-format, or a posted-interrupt " +
                               "notification) to go from the root complex to the target CPU's local APIC.",
        Source = "convention: one crossing of the on-die interconnect from the I/O hub to a core, priced as a last-level-cache " +
                 "access (AnandTech, EPYC Rome review (2019): Xeon 8280 L3 about 46 cycles at 2.7 GHz = 17 ns); " +
                 "no published figure isolates this hop",
        Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime DeliveryLatency { get; init; } = SimTime.FromNanoseconds(17);

    /// <summary>The interrupt entry cache's geometry.</summary>
    public CacheParams CacheGeometry => CacheShape.Of(CacheEntries, CacheWays, CacheReplacement);

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (TableEntries is < 2 or > MaxTableEntries || (TableEntries & (TableEntries - 1)) != 0)
            yield return new SpecProblem("table_entries",
                $"table_entries must be a power of two from 2 to {MaxTableEntries} (VT-d sizes the table as 2^(S+1)), got {TableEntries}");
        foreach (var p in CacheShape.Problems(CacheEntries, "cache_entries", CacheWays, "cache_ways", zeroAllowed: false))
            yield return p;
        if (!Enum.IsDefined(CacheReplacement))
            yield return new SpecProblem("cache_replacement", $"unknown replacement policy {CacheReplacement}");
        if (LookupLatency.Picoseconds < 0)
            yield return new SpecProblem("lookup_latency", "lookup_latency cannot be negative");
        if (DeliveryLatency.Picoseconds < 0)
            yield return new SpecProblem("delivery_latency", "delivery_latency cannot be negative");
    }
}
