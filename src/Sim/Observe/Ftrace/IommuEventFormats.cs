namespace IommuSim.Observe.Ftrace;

/// <summary>
/// The format of each event of the <c>iommu</c> trace system per <see cref="FtraceProfile"/>, from
/// include/trace/events/iommu.h: TP_STRUCT__entry gives the fields (laid out after struct trace_entry with C
/// alignment), TP_printk the print format (the kernel stringifies the arguments and shows <c>__entry-&gt;</c>
/// as <c>REC-&gt;</c>).
/// </summary>
/// <remarks>
/// Event ids are assigned by the kernel at boot and differ between builds; these are fixed so that output is
/// deterministic (convention: consecutive numbers above the kernel's built-in ftrace entry types, which end
/// well below 100, in the order the header defines the events).
/// </remarks>
public static class IommuEventFormats
{
    /// <summary>Name of the group class's add event.</summary>
    public const string AddDeviceToGroupName = "add_device_to_group";
    /// <summary>Name of the group class's remove event.</summary>
    public const string RemoveDeviceFromGroupName = "remove_device_from_group";
    /// <summary>Name of the device class's attach event.</summary>
    public const string AttachDeviceToDomainName = "attach_device_to_domain";
    /// <summary>Name of the device class's detach event (before v6.3).</summary>
    public const string DetachDeviceFromDomainName = "detach_device_from_domain";

    /// <summary>Id of <c>add_device_to_group</c>.</summary>
    public const ushort AddDeviceToGroupId = 1400;
    /// <summary>Id of <c>remove_device_from_group</c>.</summary>
    public const ushort RemoveDeviceFromGroupId = 1401;
    /// <summary>Id of <c>attach_device_to_domain</c>.</summary>
    public const ushort AttachDeviceToDomainId = 1402;
    /// <summary>Id of <c>detach_device_from_domain</c> (profiles that have it).</summary>
    public const ushort DetachDeviceFromDomainId = 1403;
    /// <summary>Id of <c>map</c>.</summary>
    public const ushort MapId = 1404;
    /// <summary>Id of <c>unmap</c>.</summary>
    public const ushort UnmapId = 1405;
    /// <summary>Id of <c>io_page_fault</c>.</summary>
    public const ushort IoPageFaultId = 1406;

    /// <summary>TP_printk format of the group class (every profile).</summary>
    public const string GroupText = "IOMMU: groupID=%d device=%s";
    /// <summary>TP_printk format of the device class (every profile).</summary>
    public const string DeviceText = "IOMMU: device=%s";
    /// <summary>TP_printk format of map since v5.17.</summary>
    public const string MapRangeText = "IOMMU: iova=0x%016llx - 0x%016llx paddr=0x%016llx size=%zu";
    /// <summary>TP_printk format of map before v5.17.</summary>
    public const string MapText = "IOMMU: iova=0x%016llx paddr=0x%016llx size=%zu";
    /// <summary>TP_printk format of unmap since v5.17.</summary>
    public const string UnmapRangeText = "IOMMU: iova=0x%016llx - 0x%016llx size=%zu unmapped_size=%zu";
    /// <summary>TP_printk format of unmap before v5.17.</summary>
    public const string UnmapText = "IOMMU: iova=0x%016llx size=%zu unmapped_size=%zu";
    /// <summary>TP_printk format of io_page_fault (every profile): driver, then device.</summary>
    public const string IoPageFaultText = "IOMMU:%s %s iova=0x%016llx flags=0x%04x";

    private static readonly FtraceEventFormat[] CurrentFormats = Build(FtraceProfile.Current);
    private static readonly FtraceEventFormat[] V5_17Formats = Build(FtraceProfile.V5_17);
    private static readonly FtraceEventFormat[] V4Formats = Build(FtraceProfile.V4);

    /// <summary>Every event <paramref name="profile"/> defines, in header order.</summary>
    public static IReadOnlyList<FtraceEventFormat> All(FtraceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return ReferenceEquals(profile, FtraceProfile.Current) ? CurrentFormats
            : ReferenceEquals(profile, FtraceProfile.V5_17) ? V5_17Formats : V4Formats;
    }

    /// <summary>The format of <paramref name="eventName"/> in <paramref name="profile"/>; null when it has no such event.</summary>
    public static FtraceEventFormat? Find(FtraceProfile profile, string eventName)
    {
        foreach (var format in All(profile))
            if (format.Name == eventName) return format;
        return null;
    }

    private static FtraceEventFormat[] Build(FtraceProfile profile)
    {
        bool s = profile.CharIsSigned;
        // struct { trace_entry (8); int gid; u32 __data_loc_device; char __data[]; }: 16 bytes, 4-aligned.
        FtraceField[] group = [new("int", "gid", 8, 4, true), new("__data_loc char[]", "device", 12, 4, s)];
        const string groupFmt = "\"" + GroupText + "\", REC->gid, __get_str(device)";
        // struct { trace_entry; u32 __data_loc_device; char __data[]; }: 12 bytes.
        FtraceField[] device = [new("__data_loc char[]", "device", 8, 4, s)];
        const string deviceFmt = "\"" + DeviceText + "\", __get_str(device)";
        // struct { trace_entry; u64 iova; u64 paddr; size_t size; }: 32 bytes, 8-aligned.
        FtraceField[] map =
            [new("u64", "iova", 8, 8, false), new("u64", "paddr", 16, 8, false), new("size_t", "size", 24, 8, false)];
        string mapFmt = profile.PrintsRange
            ? "\"" + MapRangeText + "\", REC->iova, REC->iova + REC->size, REC->paddr, REC->size"
            : "\"" + MapText + "\", REC->iova, REC->paddr, REC->size";
        FtraceField[] unmap =
        [
            new("u64", "iova", 8, 8, false), new("size_t", "size", 16, 8, false),
            new("size_t", "unmapped_size", 24, 8, false),
        ];
        string unmapFmt = profile.PrintsRange
            ? "\"" + UnmapRangeText + "\", REC->iova, REC->iova + REC->size, REC->size, REC->unmapped_size"
            : "\"" + UnmapText + "\", REC->iova, REC->size, REC->unmapped_size";
        // struct { trace_entry; u32 loc_device; u32 loc_driver; u64 iova; int flags; char __data[]; }:
        // __data at 28, sizeof 32 (the u64 makes it 8-aligned).
        FtraceField[] fault =
        [
            new("__data_loc char[]", "device", 8, 4, s), new("__data_loc char[]", "driver", 12, 4, s),
            new("u64", "iova", 16, 8, false), new("int", "flags", 24, 4, true),
        ];
        const string faultFmt = "\"" + IoPageFaultText + "\", __get_str(driver), __get_str(device), REC->iova, REC->flags";

        var list = new List<FtraceEventFormat>
        {
            new(AddDeviceToGroupName, AddDeviceToGroupId, group, 16, 16, groupFmt),
            new(RemoveDeviceFromGroupName, RemoveDeviceFromGroupId, group, 16, 16, groupFmt),
            new(AttachDeviceToDomainName, AttachDeviceToDomainId, device, 12, 12, deviceFmt),
        };
        if (profile.HasDetachEvent)
            list.Add(new(DetachDeviceFromDomainName, DetachDeviceFromDomainId, device, 12, 12, deviceFmt));
        list.Add(new(MapEvent.EventName, MapId, map, 32, 32, mapFmt));
        list.Add(new(UnmapEvent.EventName, UnmapId, unmap, 32, 32, unmapFmt));
        list.Add(new(IoPageFaultEvent.EventName, IoPageFaultId, fault, 32, 28, faultFmt));
        return [.. list];
    }
}
