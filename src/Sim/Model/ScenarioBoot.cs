using IommuSim.Iommu;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Model;

/// <summary>
/// Boots a scenario's platform as the system model does: its topology completed with the workload
/// devices (<see cref="WorkloadTopology"/>), page tables drawn from the model's table region. The run,
/// validation's VFIO check and <c>iommusim topology</c> all boot through here, so they agree.
/// </summary>
public static class ScenarioBoot
{
    /// <summary>Physical address where IO page tables are allocated (4 GiB).</summary>
    public const ulong TableBase = 4UL << 30;

    /// <summary>Physical address where workload buffers are placed (64 GiB), far from the tables.</summary>
    public const ulong BufferBase = 64UL << 30;

    /// <summary>Host-physical address where VMs' RAM is laid out (1 TiB).</summary>
    public const ulong VmRamBase = 1UL << 40;

    /// <summary>Size of the table region; pages are handed out lazily, so its size costs nothing.</summary>
    public static ByteSize TableRegion => ByteSize.FromGiB(4);

    /// <summary>Boots <paramref name="spec"/>'s platform under its host policy.</summary>
    public static BootResult Boot(ScenarioSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return PlatformBoot.Boot(WorkloadTopology.Complete(spec), spec.Host.Mode,
            new BootOptions(new TablePageAllocator(TableBase, TableRegion)) { Format = spec.Platform.Iommu.ToPageTableFormat() });
    }
}
