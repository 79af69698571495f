using IommuSim.Iommu;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Platform;

/// <summary>Boots topologies the way a scenario would, and shows groups the way sysfs lists them.</summary>
internal static class BootFixture
{
    public static IommuUnitSpec IncludeAll(string name = "dmar0") => new() { Name = name, IncludeAll = true };

    public static BootOptions Options() => new(new TablePageAllocator(0x1_0000_0000, ByteSize.FromMiB(64)));

    /// <summary>Boots with one include-all unit of <paramref name="kind"/> unless units are given.</summary>
    public static BootResult Boot(TopologySpec topology, HostMode mode = HostMode.Lazy, IReadOnlyList<IommuUnitSpec>? units = null,
        IommuKind kind = IommuKind.IntelVtd) =>
        PlatformBoot.Boot(
            new PlatformSpec { Topology = topology, IommuUnits = units ?? [IncludeAll()], Iommu = new IommuParams { Kind = kind } },
            mode, Options());

    /// <summary>The groups as "id: bdf bdf ..." lines, the way /sys/kernel/iommu_groups lists them.</summary>
    public static string[] Groups(BootResult boot) =>
        boot.Groups.Select(g => $"{g.Id}: " + string.Join(" ", g.Devices.Select(d => d.Name))).ToArray();
}
