
namespace IommuSim.Platform;

/// <summary>
/// What <c>iommusim topology</c> shows: the group listing as <c>/sys/kernel/iommu_groups</c> would present it,
/// the functions left untranslated, and warnings about known pitfalls. Data only; the CLI prints it.
/// </summary>
public sealed class TopologyReport
{
    private TopologyReport(IommuDetection detection, IReadOnlyList<SysfsGroupLine> lines,
        IReadOnlyList<DeviceDmaSetup> untranslated, IReadOnlyList<TopologyWarning> warnings)
    {
        Detection = detection;
        Lines = lines;
        Untranslated = untranslated;
        Warnings = warnings;
    }

    /// <summary>What boot detected.</summary>
    public IommuDetection Detection { get; }
    /// <summary>One line per grouped function, by group id then join order.</summary>
    public IReadOnlyList<SysfsGroupLine> Lines { get; }
    /// <summary>Functions whose DMA is not translated (no group), in enumeration order.</summary>
    public IReadOnlyList<DeviceDmaSetup> Untranslated { get; }
    /// <summary>Pitfalls found, functions in enumeration order.</summary>
    public IReadOnlyList<TopologyWarning> Warnings { get; }

    /// <summary>Reports on a booted host.</summary>
    /// <param name="boot">The booted host.</param>
    /// <param name="interruptRemapping">True when interrupt remapping is on.</param>
    /// <param name="vmOf">The VM each function assigned to a VM belongs to, by the VM's name.</param>
    public static TopologyReport Create(BootResult boot, bool interruptRemapping, IReadOnlyDictionary<PciAddress, string> vmOf)
    {
        ArgumentNullException.ThrowIfNull(boot);
        ArgumentNullException.ThrowIfNull(vmOf);
        var lines = boot.Groups
            .SelectMany(g => g.Devices.Select(d => new SysfsGroupLine(g.Id, d.Address, g.SysfsType, d.Driver)))
            .ToList();
        var untranslated = boot.Devices.Where(s => s.Group is null).ToList();
        var warnings = new List<TopologyWarning>();
        if (interruptRemapping && boot.Scope.Units.Count > 0)
            foreach (var setup in boot.Devices.Where(s => boot.Scope.UnitOf(s.Device) is null))
                warnings.Add(MsiFallback(setup.Device));
        foreach (var group in boot.Groups)
            if (MixedOwners(group, vmOf) is { } warning)
                warnings.Add(warning);
        return new TopologyReport(boot.Detection, lines, untranslated, warnings);
    }

    private static TopologyWarning MsiFallback(PciDevice device)
    {
        string why = device.Bus.BypassIommu
            ? $"its root bus {device.Bus.Root.Address} bypasses the IOMMU"
            : "no IOMMU unit lists it";
        return new TopologyWarning(TopologyWarningKind.MsiFallbackToIntx,
            $"{device.Address} is outside every IOMMU unit's scope ({why}) while interrupt remapping is on: Linux gives it no MSI " +
            "irq domain, so MSI/MSI-X setup fails and it falls back to INTx through the IOAPIC (a shared line, a slower path); " +
            "turn interrupt remapping off (QEMU intel-iommu,intremap=off) or bring it into a unit's scope",
            [device.Address], null);
    }

    // Owners: a VM (by name), vfio-pci without a VM, or the host (any driver using the kernel DMA API).
    // Unbound functions and DMA-neutral drivers (pcieport, pci-stub) own nothing.
    private static TopologyWarning? MixedOwners(IommuGroup group, IReadOnlyDictionary<PciAddress, string> vmOf)
    {
        var owned = new List<(PciDevice Device, string Owner)>();
        foreach (var d in group.Devices)
        {
            string? owner = vmOf.TryGetValue(d.Address, out var vm) ? $"VM '{vm}'"
                : d.Driver.IsVfioPci ? "vfio-pci, no VM"
                : d.Driver.ClaimsKernelDma ? $"host driver {d.Driver.Name}"
                : null;
            if (owner is not null) owned.Add((d, owner));
        }
        var kinds = owned.Select(o => o.Owner.StartsWith("host driver", StringComparison.Ordinal) ? "host" : o.Owner).Distinct().ToList();
        if (kinds.Count < 2) return null;
        bool host = kinds.Contains("host");
        string consequence = host
            ? "a group is assigned whole, and VFIO cannot take it while a host driver holds part of it (VFIO_GROUP_SET_CONTAINER fails with EPERM)"
            : "a group is assigned whole: it has one VFIO user at a time, so the others cannot have their functions";
        return new TopologyWarning(TopologyWarningKind.MixedGroupOwners,
            $"group {group.Id} is shared by functions with different owners: " +
            string.Join(", ", owned.Select(o => $"{o.Device.Address} ({o.Owner})")) + $"; {consequence}",
            owned.Select(o => o.Device.Address).ToList(), group.Id);
    }
}
