using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>
/// PCIe Address Translation Services: each device that uses ATS keeps translations in its own Address
/// Translation Cache (ATC) and sends translated requests that skip the IOMMU on a hit. Scenario section
/// <c>platform.iommu.ats</c>.
/// </summary>
public sealed record DeviceAtcParams : IValidatableSpec
{
    /// <summary>Whether the unit accepts ATS; requests that ask for ATS on a unit without it are translated normally.</summary>
    [Param("enabled", "Whether devices that ask for ATS get an ATC (Linux enables ATS only where the IOMMU supports it).",
        Source = "off: ATS needs the device's PCIe ATS capability, which most NICs and NVMe drives do not expose")]
    public bool Enabled { get; init; }

    /// <summary>ATC entries per device.</summary>
    [Param("entries", "ATC entries per device.",
        Source = "convention: the size of gem5's per-device micro-TLB (utlb_entries = 32); device ATC sizes are not published",
        Min = 1, Max = 1048576)]
    public int Entries { get; init; } = 32;

    /// <summary>Ways per set.</summary>
    [Param("ways", "Ways per set; must divide entries.",
        Source = "convention: fully associative, as gem5's micro-TLB", Min = 1, Max = 1048576)]
    public int Ways { get; init; } = 32;

    /// <summary>Which entry a full set evicts.</summary>
    [Param("replacement", "Victim choice in a full set: lru, fifo, random or round-robin.",
        Source = "convention: round-robin, as gem5's micro-TLB")]
    public ReplacementPolicy Replacement { get; init; } = ReplacementPolicy.RoundRobin;

    /// <summary>Time for the device to look up its ATC.</summary>
    [Param("lookup_latency", "Time for the device to look up its ATC.",
        Source = "convention: one cycle at 1 GHz, gem5's micro-TLB lookup (utlb_lat = 1 cycle at its default clock)", Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime LookupLatency { get; init; } = SimTime.FromNanoseconds(1);

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        foreach (var p in CacheShape.Problems(Entries, "entries", Ways, "ways", zeroAllowed: false)) yield return p;
        if (LookupLatency.Picoseconds < 0) yield return new SpecProblem("lookup_latency", "lookup_latency cannot be negative");
    }
}
