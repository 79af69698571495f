using IommuSim.Iommu;
using IommuSim.Kernel;

namespace IommuSim.Platform;

/// <summary>What boot needs besides the platform and the host mode: page-table memory and event times.</summary>
public sealed record BootOptions
{
    /// <summary>Creates options drawing page-table pages from <paramref name="tableAllocator"/>.</summary>
    public BootOptions(TablePageAllocator tableAllocator)
    {
        ArgumentNullException.ThrowIfNull(tableAllocator);
        TableAllocator = tableAllocator;
    }

    /// <summary>Where domains' page tables get their pages.</summary>
    public TablePageAllocator TableAllocator { get; }

    /// <summary>
    /// The page-table format of every domain; null means platform.iommu's when booting a scenario's platform,
    /// 4-level otherwise.
    /// </summary>
    public PageTableFormat? Format { get; init; }

    /// <summary>Time stamp of the first boot event.</summary>
    public SimTime Start { get; init; } = SimTime.Zero;

    /// <summary>
    /// Time between consecutive group and domain events. IommuSim convention: 1 µs, the order of one
    /// probe's work (a group lookup, an allocation, two sysfs links); nothing is measured on it, it only
    /// orders the events, and keeps a 1000-function boot within a millisecond.
    /// </summary>
    public SimTime EventStep { get; init; } = SimTime.FromMicroseconds(1);
}
