namespace IommuSim.Observe;

/// <summary>
/// The trace sources of Linux's <c>iommu</c> event system that the model raises: map, unmap and io_page_fault
/// during the run; the group and attach/detach events of boot and of VFIO assignment. One instance is shared by
/// the components of a run; sinks connect to it.
/// </summary>
public sealed class IommuTrace
{
    /// <summary><c>iommu:map</c>, one per successful map call.</summary>
    public TraceSource<MapEvent> Map { get; } = new();

    /// <summary><c>iommu:unmap</c>, one per unmap call.</summary>
    public TraceSource<UnmapEvent> Unmap { get; } = new();

    /// <summary><c>iommu:io_page_fault</c>, one per faulting DMA.</summary>
    public TraceSource<IoPageFaultEvent> IoPageFault { get; } = new();

    /// <summary><c>iommu:add_device_to_group</c> and <c>iommu:remove_device_from_group</c>.</summary>
    public TraceSource<GroupEvent> Group { get; } = new();

    /// <summary><c>iommu:attach_device_to_domain</c> and <c>iommu:detach_device_from_domain</c>.</summary>
    public TraceSource<DeviceDomainEvent> DeviceDomain { get; } = new();

    /// <summary>
    /// Connects <paramref name="sink"/> to every source whose event type it implements
    /// <see cref="ITraceSink{TEvent}"/> for, and returns how many.
    /// </summary>
    public int Connect(object sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        int connected = 0;
        if (sink is ITraceSink<MapEvent> map) { Map.Connect(map); connected++; }
        if (sink is ITraceSink<UnmapEvent> unmap) { Unmap.Connect(unmap); connected++; }
        if (sink is ITraceSink<IoPageFaultEvent> fault) { IoPageFault.Connect(fault); connected++; }
        if (sink is ITraceSink<GroupEvent> group) { Group.Connect(group); connected++; }
        if (sink is ITraceSink<DeviceDomainEvent> domain) { DeviceDomain.Connect(domain); connected++; }
        return connected;
    }

    /// <summary>Disconnects <paramref name="sink"/> from every source it is connected to; returns how many.</summary>
    public int Disconnect(object sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        int disconnected = 0;
        if (sink is ITraceSink<MapEvent> map && Map.Disconnect(map)) disconnected++;
        if (sink is ITraceSink<UnmapEvent> unmap && Unmap.Disconnect(unmap)) disconnected++;
        if (sink is ITraceSink<IoPageFaultEvent> fault && IoPageFault.Disconnect(fault)) disconnected++;
        if (sink is ITraceSink<GroupEvent> group && Group.Disconnect(group)) disconnected++;
        if (sink is ITraceSink<DeviceDomainEvent> domain && DeviceDomain.Disconnect(domain)) disconnected++;
        return disconnected;
    }
}
