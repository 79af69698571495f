using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>
/// Everything that shapes one IOMMU unit's translation model: architecture, address width, page sizes,
/// lookup latency, and its caches, walkers, invalidation queue and interrupt remapping. Scenario section <c>platform.iommu</c>.
/// </summary>
public sealed record IommuParams : IValidatableSpec
{
    /// <summary>The architecture the unit follows.</summary>
    [Param("kind", "IOMMU architecture: intel-vtd, amd-vi, arm-smmuv3 or generic.",
        Source = "intel-vtd: the IOMMU of the calibration machine (Xeon E5-2630v4) and of most x86 servers")]
    public IommuKind Kind { get; init; } = IommuKind.IntelVtd;

    /// <summary>IOVA width in bits: 48 (4-level tables) or 57 (5-level tables).</summary>
    [Param("address_width", "IOVA width in bits: 48 (4-level page tables) or 57 (5-level).",
        Source = "Intel VT-d specification, second-stage translation: 4-level tables cover 48 bits (5 levels, 57 bits, are optional: CAP_REG.SAGAW); " +
                 "the calibration machine supports only 4 levels (SAGAW = 0b100)", Min = 48, Max = 57)]
    public int AddressWidth { get; init; } = 48;

    /// <summary>Whether 2 MiB leaves are supported.</summary>
    [Param("pages_2mib", "Whether the unit supports 2 MiB leaves (VT-d CAP_REG.SLLPS bit 0).",
        Source = "Intel VT-d specification, second-stage 2 MiB pages (CAP_REG.SLLPS bit 0); AMD IOMMU specification, v1 page tables")]
    public bool Pages2MiB { get; init; } = true;

    /// <summary>Whether 1 GiB leaves are supported.</summary>
    [Param("pages_1gib", "Whether the unit supports 1 GiB leaves (VT-d CAP_REG.SLLPS bit 1).",
        Source = "Intel VT-d specification, second-stage 1 GiB pages (CAP_REG.SLLPS bit 1); AMD IOMMU specification, v1 page tables")]
    public bool Pages1GiB { get; init; } = true;

    /// <summary>Time to look up the context cache and IOTLB for one request, hit or miss.</summary>
    [Param("lookup_latency", "Time to look up the context cache and IOTLB for one request, hit or miss.",
        Source = "bound from " + IotlbParams.PcieBench + ": with every access an IOTLB hit (8 KiB window) the IOMMU adds at most " +
                 "3 ns to the mean (611.6 vs 608.3 ns, timer resolution 13 ns); 3 ns is also gem5's SMMUv3 tlb_lat (3 cycles at 1 GHz)",
        Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime LookupLatency { get; init; } = SimTime.FromNanoseconds(3);

    /// <summary>The IOTLB and the stage-2 TLB.</summary>
    [Param("iotlb", "The IOTLB and the stage-2 TLB.")]
    public IotlbParams Iotlb { get; init; } = new();

    /// <summary>The paging-structure caches of both stages.</summary>
    [Param("walk_caches", "The paging-structure (walk) caches, per level and stage.")]
    public WalkCacheParams WalkCaches { get; init; } = new();

    /// <summary>The context cache.</summary>
    [Param("context_cache", "The context cache: requester ID to domain.")]
    public ContextCacheParams ContextCache { get; init; } = new();

    /// <summary>ATS and the device ATCs.</summary>
    [Param("ats", "PCIe ATS: device-side translation caches.")]
    public DeviceAtcParams Ats { get; init; } = new();

    /// <summary>The page walkers.</summary>
    [Param("walkers", "The page-table walkers.")]
    public WalkerParams Walkers { get; init; } = new();

    /// <summary>The invalidation queue's descriptor latencies.</summary>
    [Param("invalidation", "Queued-invalidation descriptor latencies.")]
    public InvalidationParams Invalidation { get; init; } = new();

    /// <summary>The interrupt remapping hardware: table, interrupt entry cache, delivery latency.</summary>
    [Param("interrupt_remapping", "Interrupt remapping: remapping table, interrupt entry cache, delivery latency.")]
    public InterruptRemappingParams InterruptRemapping { get; init; } = new();

    /// <summary>Table levels: 4 for 48 bits, 5 for 57.</summary>
    public int Levels => AddressWidth == 57 ? 5 : 4;

    /// <summary>The leaf sizes the unit supports: always 4 KiB, plus 2 MiB and 1 GiB as configured.</summary>
    public PageSizes SupportedPageSizes =>
        PageSizes.Size4KiB | (Pages2MiB ? PageSizes.Size2MiB : 0) | (Pages1GiB ? PageSizes.Size1GiB : 0);

    /// <summary>The page-table format domains on this unit use.</summary>
    public PageTableFormat ToPageTableFormat() => new(Levels, SupportedPageSizes);

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (AddressWidth is not (48 or 57))
            yield return new SpecProblem("address_width",
                $"address_width must be 48 (4-level tables) or 57 (5-level tables), got {AddressWidth}");
        if (!Enum.IsDefined(Kind))
            yield return new SpecProblem("kind", $"unknown IOMMU kind {Kind}");
        if (LookupLatency.Picoseconds < 0)
            yield return new SpecProblem("lookup_latency", "lookup_latency cannot be negative");
    }

    /// <summary>
    /// The problems of this record and of every section in it, keys dotted from here (<c>iotlb.ways</c>), for
    /// code that builds parameters without the scenario loader.
    /// </summary>
    public IEnumerable<SpecProblem> ValidateAll()
    {
        foreach (var p in Validate()) yield return p;
        (string Section, IValidatableSpec Spec)[] sections =
            [("iotlb", Iotlb), ("walk_caches", WalkCaches), ("context_cache", ContextCache), ("ats", Ats), ("invalidation", Invalidation),
             ("interrupt_remapping", InterruptRemapping)];
        foreach (var (section, spec) in sections)
            foreach (var p in spec.Validate())
                yield return p with { Key = section + "." + p.Key };
    }
}
