using IommuSim.Iommu;
using IommuSim.Observe;
using IommuSim.Platform;

namespace IommuSim.Host.Vfio;

/// <summary>
/// Assigns a VM's functions the way QEMU's vfio-pci does with the type1 container interface: for each group
/// in turn, open it, check it is viable, put it in the VM's container; after the first group set the IOMMU to
/// type1v2 and map guest RAM (one VFIO_IOMMU_MAP_DMA per RAM region, IOVA = guest-physical address); then open
/// the group's devices. Any refusal is the kernel's <see cref="VfioException"/>.
/// </summary>
public static class VmAssigner
{
    /// <summary>Assigns <paramref name="vm"/>'s functions, its RAM backed contiguously from <paramref name="hostPhysicalBase"/>.</summary>
    /// <exception cref="ArgumentException">The VM names a function the topology lacks, or the base is not aligned
    /// to the VM's page size.</exception>
    /// <exception cref="VfioException">The kernel refused a step; the message names the cause and the errno.</exception>
    public static VmAssignment Assign(VfioHost host, VmSpec vm, ulong hostPhysicalBase)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(vm);
        var pageSize = BackingPage(vm);
        if (hostPhysicalBase % pageSize.Bytes != 0)
            throw new ArgumentException($"VM '{vm.Name}' RAM base 0x{hostPhysicalBase:x} is not aligned to its {pageSize} pages", nameof(hostPhysicalBase));
        var boot = host.Boot;
        var devices = vm.DeviceAddresses().Select(a => boot.Topology.Find(a)
            ?? throw new ArgumentException($"VM '{vm.Name}' assigns {a}, which the topology lacks", nameof(vm))).ToList();

        var groups = new List<IommuGroup>();
        foreach (var device in devices)
        {
            // vfio-pci's probe fails without a group (vfio_group_find_or_alloc), so no VFIO device exists.
            var group = boot.SetupOf(device).Group ?? throw new VfioException("bind vfio-pci", Errno.EINVAL,
                $"{device.Address} has no IOMMU group ({(boot.Detection.Enabled ? "it is outside every IOMMU unit's scope" : "the host IOMMU is not enabled")}): vfio-pci cannot bind it");
            if (!groups.Contains(group)) groups.Add(group);
        }

        var container = host.OpenContainer();
        var events = new List<DeviceDomainEvent>();
        var mappings = new List<VfioDmaMapping>();
        var opened = new List<PciDevice>();
        foreach (var group in groups)
        {
            var file = host.OpenGroup(group.Id, $"VM '{vm.Name}'");
            // QEMU stops at a non-viable status; the errno is the one SET_CONTAINER would return.
            if (!file.GetStatus().Viable) throw file.NotViable();
            events.AddRange(file.SetContainer(container));
            if (container.IommuType is null)
            {
                events.AddRange(container.SetIommu(VfioIommuType.Type1v2));
                foreach (var region in GuestRamLayout.For(boot.Scope.Kind ?? IommuKind.Generic, (ulong)vm.Memory.Bytes))
                    mappings.Add(container.MapDma(region.GuestPhysicalAddress, hostPhysicalBase + region.RamOffset, region.Size,
                        Permissions.ReadWrite, pageSize));
            }
            foreach (var device in devices.Where(d => group.Devices.Contains(d)))
                opened.Add(file.GetDeviceFd(device.Address));
        }
        return new VmAssignment(vm.Name, container, groups, container.Domain, mappings, opened, events);
    }

    /// <summary>
    /// Assigns every VM in turn, their RAM laid out one after another from <paramref name="hostPhysicalBase"/>,
    /// each starting on a 1 GiB boundary (the largest backing page).
    /// </summary>
    public static IReadOnlyList<VmAssignment> AssignAll(VfioHost host, IReadOnlyList<VmSpec> vms, ulong hostPhysicalBase)
    {
        ArgumentNullException.ThrowIfNull(vms);
        var result = new List<VmAssignment>(vms.Count);
        ulong next = (hostPhysicalBase + Gib - 1) & ~(Gib - 1);
        foreach (var vm in vms)
        {
            result.Add(Assign(host, vm, next));
            next = RamBaseAfter(next, vm);
        }
        return result;
    }

    private const ulong Gib = 1UL << 30;

    /// <summary>Where the next VM's RAM starts after <paramref name="vm"/>'s, which starts at <paramref name="ramBase"/>: the next 1 GiB boundary past it.</summary>
    public static ulong RamBaseAfter(ulong ramBase, VmSpec vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return ramBase + (((ulong)vm.Memory.Bytes + Gib - 1) & ~(Gib - 1));
    }

    private static PageSize BackingPage(VmSpec vm) => vm.PageSize.Bytes switch
    {
        4096 => PageSize.Size4KiB,
        1L << 21 => PageSize.Size2MiB,
        1L << 30 => PageSize.Size1GiB,
        _ => throw new ArgumentException($"VM '{vm.Name}' page_size {vm.PageSize} is not 4KiB, 2MiB or 1GiB", nameof(vm)),
    };
}
