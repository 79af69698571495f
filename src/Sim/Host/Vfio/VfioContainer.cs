using IommuSim.Iommu;
using IommuSim.Observe;

namespace IommuSim.Host.Vfio;

/// <summary>
/// An open <c>/dev/vfio/vfio</c>: groups join it, VFIO_SET_IOMMU gives it a type1 IOMMU (one unmanaged domain
/// its groups are attached to), and VFIO_IOMMU_MAP_DMA maps pinned memory into that domain.
/// </summary>
public sealed class VfioContainer
{
    /// <summary>VFIO_API_VERSION (include/uapi/linux/vfio.h).</summary>
    public const int ApiVersion = 0;

    /// <summary>Mappings a container may hold: vfio_iommu_type1's dma_entry_limit module parameter default (U16_MAX).</summary>
    public const int DmaEntryLimit = ushort.MaxValue;

    private const ulong MinPageMask = 0xfff;   // the smallest IOMMU page, 4 KiB: MAP_DMA's alignment unit

    private readonly VfioHost _host;
    private readonly List<VfioGroupFile> _groups = [];
    private readonly List<VfioDmaMapping> _mappings = [];

    internal VfioContainer(VfioHost host) => _host = host;

    /// <summary>The IOMMU model set by VFIO_SET_IOMMU, or null.</summary>
    public VfioIommuType? IommuType { get; private set; }

    /// <summary>The unmanaged domain its groups are attached to, once the IOMMU is set.</summary>
    public Domain? Domain { get; private set; }

    /// <summary>The groups in the container, in the order they joined.</summary>
    public IReadOnlyList<VfioGroupFile> Groups => _groups;

    /// <summary>The mappings made, in order.</summary>
    public IReadOnlyList<VfioDmaMapping> Mappings => _mappings;

    /// <summary>VFIO_GET_API_VERSION.</summary>
    public int GetApiVersion() => ApiVersion;

    /// <summary>
    /// VFIO_CHECK_EXTENSION for an IOMMU model: vfio_iommu_type1 offers type1 and type1v2; the POWER-only
    /// sPAPR TCE driver is absent on the hosts modeled.
    /// </summary>
    public bool CheckExtension(VfioIommuType type) => type is VfioIommuType.Type1 or VfioIommuType.Type1v2;

    /// <summary>
    /// VFIO_SET_IOMMU: opens the IOMMU model and attaches every group of the container to one new unmanaged
    /// domain (each function detached from its current domain, then attached).
    /// </summary>
    /// <returns>The detach and attach events, in order.</returns>
    /// <exception cref="VfioException">EINVAL when the container has no group yet or its IOMMU is already set
    /// (vfio_ioctl_set_iommu: only a group makes a container privileged); ENODEV when no driver offers
    /// <paramref name="type"/>; EPERM when the host lacks MSI isolation (vfio_iommu_type1_attach_group).</exception>
    public IReadOnlyList<DeviceDomainEvent> SetIommu(VfioIommuType type)
    {
        const string op = "VFIO_SET_IOMMU";
        if (_groups.Count == 0)
            throw new VfioException(op, Errno.EINVAL,
                "the container has no group: VFIO_SET_IOMMU needs a group added with VFIO_GROUP_SET_CONTAINER first");
        if (IommuType is { } set)
            throw new VfioException(op, Errno.EINVAL, $"the container's IOMMU is already set ({set})");
        if (!CheckExtension(type))
            throw new VfioException(op, Errno.ENODEV, $"no VFIO IOMMU driver on this host offers {type}; type1 offers Type1 and Type1v2");
        foreach (var file in _groups) CheckMsiIsolation(file, op);
        // The domain's id comes from the unit translating the container's first group (per unit on VT-d).
        var unit = _host.Boot.SetupOf(_groups[0].Group.Devices[0]).Unit
            ?? throw new InvalidOperationException($"group {_groups[0].Group.Id} has no IOMMU unit");
        Domain = _host.Domains.Create(DomainType.Unmanaged, unit);
        IommuType = type;
        var events = new List<DeviceDomainEvent>();
        // The kernel keeps container groups with list_add (newest first) and attaches in list order.
        for (int i = _groups.Count - 1; i >= 0; i--) events.AddRange(Move(_groups[i]));
        return events;
    }

    /// <summary>
    /// VFIO_IOMMU_MAP_DMA: maps [<paramref name="iova"/>, iova + <paramref name="size"/>) to pinned memory at
    /// <paramref name="hostPhysicalAddress"/>. The memory is contiguous within each page of
    /// <paramref name="backingPageSize"/> only, so each backing page is one iommu_map, split into the largest
    /// leaves that alignment allows.
    /// </summary>
    /// <exception cref="VfioException">EINVAL before VFIO_SET_IOMMU (the container passes the ioctl to no driver),
    /// for empty permissions, a zero or unaligned range, a range that wraps, passes the domain's IOVA width or
    /// touches a reserved region; EEXIST when it overlaps an existing mapping; ENOSPC past
    /// <see cref="DmaEntryLimit"/> mappings; ENOMEM when page-table memory runs out (nothing stays mapped).</exception>
    public VfioDmaMapping MapDma(ulong iova, ulong hostPhysicalAddress, ulong size, Permissions permissions, PageSize backingPageSize)
    {
        const string op = "VFIO_IOMMU_MAP_DMA";
        if (IommuType is null || Domain?.PageTable is not { } table)
            throw new VfioException(op, Errno.EINVAL, "the container has no IOMMU yet: call VFIO_SET_IOMMU first");
        if (permissions == Permissions.None || (permissions & ~Permissions.ReadWrite) != 0)
            throw new VfioException(op, Errno.EINVAL, "a mapping must let the device read, write or both");
        if (size == 0 || ((iova | size | hostPhysicalAddress) & MinPageMask) != 0)
            throw new VfioException(op, Errno.EINVAL,
                $"IOVA 0x{iova:x}, size 0x{size:x} and address 0x{hostPhysicalAddress:x} must be nonzero multiples of 4KiB, the smallest IOMMU page");
        ulong last = iova + size - 1;
        if (last < iova)
            throw new VfioException(op, Errno.EINVAL, $"IOVA 0x{iova:x} + size 0x{size:x} wraps around");
        var overlap = _mappings.FirstOrDefault(m => m.Iova <= last && iova <= m.LastIova);
        if (overlap is not null)
            throw new VfioException(op, Errno.EEXIST,
                $"IOVA [0x{iova:x}, 0x{last:x}] overlaps the mapping at [0x{overlap.Iova:x}, 0x{overlap.LastIova:x}]");
        if (_mappings.Count >= DmaEntryLimit)
            throw new VfioException(op, Errno.ENOSPC, $"the container already holds {DmaEntryLimit} mappings (vfio_iommu_type1 dma_entry_limit)");
        if (last >= table.Format.AddressLimit)
            throw new VfioException(op, Errno.EINVAL,
                $"IOVA [0x{iova:x}, 0x{last:x}] passes the domain's {table.Format.AddressWidthBits}-bit IOVA space");
        foreach (var reserved in ReservedIovaRegions.For(_host.Boot.Scope.Kind ?? IommuKind.Generic))
            if (reserved.Overlaps(iova, last))
                throw new VfioException(op, Errno.EINVAL,
                    $"IOVA [0x{iova:x}, 0x{last:x}] overlaps the {reserved}, which the IOMMU driver reserves");

        ulong page = backingPageSize.Bytes;
        long calls = 0;
        var leaves = new long[3];
        ulong done = 0;
        try
        {
            while (done < size)
            {
                ulong pa = hostPhysicalAddress + done;
                ulong length = Math.Min(size - done, page - (pa & (page - 1)));
                var mapped = table.Map(iova + done, pa, length, permissions);
                if (_host.Trace is { Map.IsConnected: true } trace)
                    trace.Map.Emit(new MapEvent(_host.NextEventTime(), iova + done, pa, length, Device: _groups[0].Group.Devices[0].Name));
                for (int r = 0; r < mapped.RunCount; r++) leaves[mapped[r].PageSize.LeafLevel - 1] += mapped[r].Count;
                calls++;
                done += length;
            }
        }
        catch (InvalidOperationException ex)
        {
            table.Unmap(iova, done);
            throw new VfioException(op, Errno.ENOMEM, $"page-table memory ran out mapping IOVA 0x{iova:x} ({ex.Message})");
        }
        var mapping = new VfioDmaMapping(iova, hostPhysicalAddress, size, permissions, backingPageSize, calls, leaves[0], leaves[1], leaves[2]);
        _mappings.Add(mapping);
        return mapping;
    }

    // SET_CONTAINER's part: join; with the IOMMU already set, attach now (vfio_container_attach_group).
    internal IReadOnlyList<DeviceDomainEvent> Add(VfioGroupFile file, string op)
    {
        if (IommuType is null)
        {
            _groups.Add(file);
            return [];
        }
        CheckMsiIsolation(file, op);
        _groups.Add(file);
        return Move(file);
    }

    private void CheckMsiIsolation(VfioGroupFile file, string op)
    {
        if (!_host.MsiIsolation && !_host.AllowUnsafeInterrupts)
            throw new VfioException(op, Errno.EPERM,
                $"no interrupt remapping support: type1 will not attach group {file.Group.Id} without MSI isolation " +
                "unless vfio_iommu_type1.allow_unsafe_interrupts=1");
    }

    // The group leaves its current (default) domain and every function attaches to the container's domain.
    private List<DeviceDomainEvent> Move(VfioGroupFile file)
    {
        var events = new List<DeviceDomainEvent>();
        foreach (var device in file.Group.Devices)
            events.Add(Raise(new DeviceDomainEvent(_host.NextEventTime(), DeviceDomainEventKind.DetachDeviceFromDomain, device.Name)));
        file.Group.Attach(Domain!);
        foreach (var device in file.Group.Devices)
            events.Add(Raise(new DeviceDomainEvent(_host.NextEventTime(), DeviceDomainEventKind.AttachDeviceToDomain, device.Name)));
        return events;
    }

    // Raised as it happens, so that a trace holds it before the maps that follow.
    private DeviceDomainEvent Raise(DeviceDomainEvent e)
    {
        if (_host.Trace is { DeviceDomain.IsConnected: true } trace) trace.DeviceDomain.Emit(e);
        return e;
    }
}
