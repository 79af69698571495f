using IommuSim.Observe.Ftrace;

namespace IommuSim.Observe.Recording;

/// <summary>The tracefs names of <see cref="IommuEventKind"/> values, both ways.</summary>
public static class IommuEventNames
{
    private static readonly string[] Names =
    [
        IommuEventFormats.AddDeviceToGroupName, IommuEventFormats.RemoveDeviceFromGroupName,
        IommuEventFormats.AttachDeviceToDomainName, IommuEventFormats.DetachDeviceFromDomainName,
        MapEvent.EventName, UnmapEvent.EventName, IoPageFaultEvent.EventName,
    ];

    /// <summary>Every kind, in definition order.</summary>
    public static IReadOnlyList<IommuEventKind> All { get; } = Enum.GetValues<IommuEventKind>();

    /// <summary>The event's name under <c>events/iommu/</c>, e.g. <c>map</c>.</summary>
    public static string NameOf(IommuEventKind kind) => Names[(int)kind];

    /// <summary>The kind named <paramref name="name"/>; false when no iommu event has that name.</summary>
    public static bool TryParse(string name, out IommuEventKind kind)
    {
        int index = Array.IndexOf(Names, name);
        kind = (IommuEventKind)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>True when the kernel of <paramref name="profile"/> defines the event.</summary>
    public static bool IsDefined(FtraceProfile profile, IommuEventKind kind)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return kind != IommuEventKind.DetachDeviceFromDomain || profile.HasDetachEvent;
    }

    /// <summary>The kind of a group event.</summary>
    public static IommuEventKind Of(in GroupEvent e) =>
        e.Kind == GroupEventKind.AddDeviceToGroup ? IommuEventKind.AddDeviceToGroup : IommuEventKind.RemoveDeviceFromGroup;

    /// <summary>The kind of an attach or detach event.</summary>
    public static IommuEventKind Of(in DeviceDomainEvent e) =>
        e.Kind == DeviceDomainEventKind.AttachDeviceToDomain ? IommuEventKind.AttachDeviceToDomain : IommuEventKind.DetachDeviceFromDomain;
}
