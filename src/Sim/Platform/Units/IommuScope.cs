using IommuSim.Iommu;
using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// Which IOMMU unit, if any, translates each PCI function. A function below a root bus that bypasses the
/// IOMMU is in no unit's scope; otherwise the first unit that lists it (or a bridge above it) takes it, and
/// failing that the include-all unit of its segment (VT-d requires the INCLUDE_PCI_ALL unit to come last,
/// so explicit scopes win). A function in no scope is not translated and gets no group.
/// </summary>
public sealed class IommuScope
{
    private IommuScope(IReadOnlyList<IommuUnit> units) => Units = units;

    /// <summary>The units, in declaration order.</summary>
    public IReadOnlyList<IommuUnit> Units { get; }

    /// <summary>The kind of every unit, or null when there are none.</summary>
    public IommuKind? Kind => Units.Count > 0 ? Units[0].Kind : null;

    /// <summary>Resolves unit descriptions against a topology; units without a kind take <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">A description is inconsistent; the message lists every problem.</exception>
    public static IommuScope FromSpec(PciTopology topology, IReadOnlyList<IommuUnitSpec> units, IommuKind kind)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(units);
        var problems = new List<SpecProblem>();
        var scope = Resolve(topology, units, kind, problems);
        if (scope is null || problems.Count > 0)
            throw new ArgumentException("invalid IOMMU units: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")), nameof(units));
        return scope;
    }

    /// <summary>The unit translating <paramref name="device"/>, or null when none does.</summary>
    public IommuUnit? UnitOf(PciDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Bus.BypassIommu) return null;
        foreach (var unit in Units)
            if (unit.Segment == device.Address.Segment && unit.ListsExplicitly(device)) return unit;
        foreach (var unit in Units)
            if (unit.IncludeAll && unit.Segment == device.Address.Segment) return unit;
        return null;
    }

    // Problem keys are relative to platform: iommu_units.<i>.<key>.
    internal static IommuScope? Resolve(PciTopology topology, IReadOnlyList<IommuUnitSpec> specs, IommuKind kind, List<SpecProblem> problems)
    {
        int before = problems.Count;
        var units = new List<IommuUnit>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var includeAll = new Dictionary<int, int>();
        for (int i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            string at = $"iommu_units.{i}";
            if (!names.TryAdd(spec.Name, i))
                problems.Add(new SpecProblem($"{at}.name", $"unit name '{spec.Name}' is used twice (also iommu_units.{names[spec.Name]})"));
            if (spec.Kind is { } own && own != kind)
                problems.Add(new SpecProblem($"{at}.kind",
                    $"unit '{spec.Name}' is {KindKey(own)} but platform.iommu.kind is {KindKey(kind)}: Linux runs one IOMMU driver per host (iommu_device_register refuses a second one)"));
            if (spec.IncludeAll && !includeAll.TryAdd(spec.Segment, i))
                problems.Add(new SpecProblem($"{at}.include_all",
                    $"segment {spec.Segment:x4} already has an include_all unit ('{specs[includeAll[spec.Segment]].Name}'); a segment has at most one"));
            var devices = Lookup(topology, spec, spec.Devices, $"{at}.devices", problems);
            var subtrees = Lookup(topology, spec, spec.Subtrees, $"{at}.subtrees", problems);
            units.Add(new IommuUnit(spec.Name, spec.Kind ?? kind, spec.Segment, spec.IncludeAll, devices, subtrees));
        }
        if (problems.Count > before) return null;
        var scope = new IommuScope(units);
        CheckOverlaps(topology, units, problems);
        return problems.Count > before ? null : scope;
    }

    private static string KindKey(IommuKind kind) => kind switch
    {
        IommuKind.IntelVtd => "intel-vtd",
        IommuKind.AmdVi => "amd-vi",
        IommuKind.ArmSmmuV3 => "arm-smmuv3",
        _ => "generic",
    };

    private static List<PciDevice> Lookup(PciTopology topology, IommuUnitSpec unit, IReadOnlyList<string> bdfs, string at,
        List<SpecProblem> problems)
    {
        var found = new List<PciDevice>();
        for (int j = 0; j < bdfs.Count; j++)
        {
            if (!PciAddress.TryParse(bdfs[j], out var address, out var error))
            {
                problems.Add(new SpecProblem($"{at}.{j}", error));
                continue;
            }
            var device = topology.Find(address);
            if (device is null)
                problems.Add(new SpecProblem($"{at}.{j}", $"there is no function {address} in platform.topology.devices"));
            else if (device.PhysicalFunction is { } pf)
                problems.Add(new SpecProblem($"{at}.{j}", $"{address} is a virtual function: list its physical function {pf.Address}, whose unit it belongs to"));
            else if (address.Segment != unit.Segment)
                problems.Add(new SpecProblem($"{at}.{j}", $"{address} is in segment {address.Segment:x4} but unit '{unit.Name}' serves segment {unit.Segment:x4}"));
            else if (device.Bus.BypassIommu)
                problems.Add(new SpecProblem($"{at}.{j}", $"{address} is below root bus {device.Bus.Root.Address}, which bypasses the IOMMU; it cannot be in a unit's scope"));
            else
                found.Add(device);
        }
        return found;
    }

    // A function two units both list would have two IOMMUs; report each pair of units once.
    private static void CheckOverlaps(PciTopology topology, List<IommuUnit> units, List<SpecProblem> problems)
    {
        var reported = new HashSet<(int, int)>();
        foreach (var device in topology.Devices)
        {
            int first = -1;
            for (int k = 0; k < units.Count; k++)
            {
                if (!units[k].ListsExplicitly(device)) continue;
                if (first < 0) first = k;
                else if (reported.Add((first, k)))
                    problems.Add(new SpecProblem($"iommu_units.{k}",
                        $"{device.Address} is in the scope of both '{units[first].Name}' and '{units[k].Name}'; a function has one IOMMU unit"));
            }
        }
    }
}
