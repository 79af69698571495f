using IommuSim.Observe;

namespace IommuSim.Iommu;

/// <summary>
/// The unit's context table in memory: per requester ID its entry (the domain, or none), its ATC and names,
/// and which nested domains stand over each stage-2 domain (their combined IOTLB entries go when it changes).
/// </summary>
internal sealed class ContextTable
{
    private readonly DeviceSlot?[] _slots = new DeviceSlot?[ushort.MaxValue + 1];
    private readonly Dictionary<int, List<int>> _nestedByParent = [];
    private readonly List<DeviceAtc> _atcs = [];

    /// <summary>The slot of <paramref name="requesterId"/>, or null when it was never attached.</summary>
    public DeviceSlot? this[ushort requesterId] => _slots[requesterId];

    /// <summary>The slot of <paramref name="requesterId"/>, made (named as PCI) if it has none.</summary>
    public DeviceSlot SlotOf(ushort requesterId, string? name = null, string driver = "") =>
        _slots[requesterId] ??= new DeviceSlot(name ?? DeviceNames.Pci(requesterId), driver);

    /// <summary>Writes the entry of <paramref name="requesterId"/>; <paramref name="newAtc"/> makes its ATC the first time, if ATS is on.</summary>
    public DeviceSlot Write(ushort requesterId, Domain domain, string? deviceName, string driverName, Func<DeviceAtc>? newAtc)
    {
        if (domain.Parent is { } parent)
        {
            if (!_nestedByParent.TryGetValue(parent.Id, out var children)) _nestedByParent[parent.Id] = children = [];
            if (!children.Contains(domain.Id)) children.Add(domain.Id);
        }
        var slot = SlotOf(requesterId, deviceName, driverName);
        if (deviceName is not null) slot.Name = deviceName;
        slot.Driver = driverName;
        slot.Domain = domain;
        if (newAtc is not null && slot.Atc is null) _atcs.Add(slot.Atc = newAtc());
        return slot;
    }

    /// <summary>Clears the entry of <paramref name="requesterId"/> (its names and ATC stay).</summary>
    public void Clear(ushort requesterId)
    {
        if (_slots[requesterId] is { } slot) slot.Domain = null;
    }

    /// <summary>The nested domains over stage-2 domain <paramref name="parentId"/>; false for none (the hot case: no list, no enumerator).</summary>
    public bool TryGetNested(int parentId, out List<int> children) => _nestedByParent.TryGetValue(parentId, out children!);

    /// <summary>The ATCs of the attached devices, in the order they were made.</summary>
    public IReadOnlyList<DeviceAtc> Atcs => _atcs;
}
