namespace IommuSim.Observe;

/// <summary>
/// The trace sources of Linux's <c>iommu</c> event system that the IOMMU model raises: map, unmap and
/// io_page_fault. One instance is shared by the components of a run; sinks connect to it.
/// </summary>
public sealed class IommuTrace
{
    /// <summary><c>iommu:map</c>, one per successful map call.</summary>
    public TraceSource<MapEvent> Map { get; } = new();

    /// <summary><c>iommu:unmap</c>, one per unmap call.</summary>
    public TraceSource<UnmapEvent> Unmap { get; } = new();

    /// <summary><c>iommu:io_page_fault</c>, one per faulting DMA.</summary>
    public TraceSource<IoPageFaultEvent> IoPageFault { get; } = new();

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
        return disconnected;
    }
}
