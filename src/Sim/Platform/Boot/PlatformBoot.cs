using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Observe;

namespace IommuSim.Platform;

/// <summary>
/// Boots the Linux host's IOMMU layer over a PCI topology: detection, then (when the IOMMU translates)
/// group formation and default domains, emitting the trace events Linux emits.
/// </summary>
/// <remarks>
/// Order of events, as bus_iommu_probe does it: every scanned function in a unit's scope joins its group
/// (<c>add_device_to_group</c>, enumeration order), then each group in id order gets its default domain and
/// attaches its functions (<c>attach_device_to_domain</c>). SR-IOV virtual functions appear later, when SR-IOV
/// is enabled: each is probed alone (add, then attach to its group's domain), PF by PF.
/// </remarks>
public static class PlatformBoot
{
    /// <summary>
    /// Boots the platform a scenario describes in host mode <paramref name="mode"/>; domains take platform.iommu's
    /// page-table format unless <paramref name="options"/> sets one.
    /// </summary>
    /// <exception cref="ArgumentException">The topology or the units are inconsistent.</exception>
    public static BootResult Boot(PlatformSpec platform, HostMode mode, BootOptions options)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(options);
        var topology = PciTopology.FromSpec(platform.Topology);
        var scope = IommuScope.FromSpec(topology, platform.IommuUnits, platform.Iommu.Kind);
        return Boot(topology, scope, mode, options with { Format = options.Format ?? platform.Iommu.ToPageTableFormat() });
    }

    /// <summary>Boots <paramref name="topology"/> with the units of <paramref name="scope"/> in <paramref name="mode"/>.</summary>
    public static BootResult Boot(PciTopology topology, IommuScope scope, HostMode mode, BootOptions options)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown host mode");

        var detection = Detect(scope, mode);
        if (!detection.Enabled)
        {
            var untranslated = topology.Devices.Select(d => new DeviceDmaSetup(d, null, null)).ToList();
            return new BootResult(topology, scope, mode, detection, untranslated, [], [], [], options.Start, options, null);
        }

        var domainType = detection.DefaultDomainType!.Value;
        var domains = new DomainAllocator(options.Format ?? PageTableFormat.FourLevel, options.TableAllocator);
        var formation = new GroupFormation();
        var groupEvents = new List<GroupEvent>();
        var domainEvents = new List<DeviceDomainEvent>();
        var units = new Dictionary<PciDevice, IommuUnit?>();
        var time = options.Start;

        SimTime Next()
        {
            var t = time;
            time += options.EventStep;
            return t;
        }

        // Phase 1: the bus scan's functions join groups; domains come after all of them are grouped.
        foreach (var device in topology.Devices.Where(d => d.Type != PciDeviceType.VirtualFunction))
        {
            var unit = units[device] = scope.UnitOf(device);
            if (unit is null) continue;
            var (group, _) = formation.Add(device);
            groupEvents.Add(new GroupEvent(Next(), GroupEventKind.AddDeviceToGroup, group.Id, device.Name));
        }
        foreach (var group in formation.Groups)
        {
            group.SetDefaultDomain(domains.Create(domainType, units[group.Devices[0]]!));
            foreach (var device in group.Devices)
                domainEvents.Add(new DeviceDomainEvent(Next(), DeviceDomainEventKind.AttachDeviceToDomain, device.Name));
        }

        // Phase 2: virtual functions, probed one by one as SR-IOV creates them.
        foreach (var vf in topology.Devices.Where(d => d.Type == PciDeviceType.VirtualFunction))
        {
            var unit = units[vf] = scope.UnitOf(vf);
            if (unit is null) continue;
            var (group, isNew) = formation.Add(vf);
            groupEvents.Add(new GroupEvent(Next(), GroupEventKind.AddDeviceToGroup, group.Id, vf.Name));
            if (isNew) group.SetDefaultDomain(domains.Create(domainType, unit));
            domainEvents.Add(new DeviceDomainEvent(Next(), DeviceDomainEventKind.AttachDeviceToDomain, vf.Name));
        }

        var setups = topology.Devices.Select(d => new DeviceDmaSetup(d, units[d], formation.GroupOf(d))).ToList();
        return new BootResult(topology, scope, mode, detection, setups, formation.Groups, groupEvents, domainEvents, time, options, domains);
    }

    private static IommuDetection Detect(IommuScope scope, HostMode mode)
    {
        if (scope.Kind is not { } kind)
            return new IommuDetection(null, "", 0, false, null,
                "no DMAR, IVRS or IORT table: no IOMMU; DMA goes direct, SWIOTLB bounces what a device cannot reach");
        string table = IommuUnit.FirmwareTableOf(kind);
        string found = $"{(table.Length > 0 ? table : "scenario")}: {scope.Units.Count} {KindName(kind)} unit{(scope.Units.Count == 1 ? "" : "s")}";
        return mode switch
        {
            HostMode.Off => new IommuDetection(kind, table, scope.Units.Count, false, null,
                $"{found}, IOMMU off: no groups; DMA goes direct, SWIOTLB bounces what a device cannot reach"),
            HostMode.Swiotlb => new IommuDetection(kind, table, scope.Units.Count, false, null,
                $"{found}, IOMMU unused: no groups; every streaming DMA mapping bounces through SWIOTLB"),
            _ => Enabled(kind, table, scope.Units.Count, found, mode),
        };
    }

    private static string KindName(IommuKind kind) => kind switch
    {
        IommuKind.IntelVtd => "Intel VT-d",
        IommuKind.AmdVi => "AMD-Vi",
        IommuKind.ArmSmmuV3 => "Arm SMMUv3",
        _ => "generic IOMMU",
    };

    private static IommuDetection Enabled(IommuKind kind, string table, int units, string found, HostMode mode)
    {
        var type = mode switch
        {
            HostMode.Passthrough => DomainType.Identity,
            HostMode.Strict => DomainType.DmaStrict,
            _ => DomainType.DmaLazy,
        };
        return new IommuDetection(kind, table, units, true, type, $"{found}, default domain type {IommuGroup.SysfsTypeName(type)}");
    }
}
