
namespace IommuSim.Observe.Ftrace;

/// <summary>
/// Takes iommu trace events together with who raised them (<see cref="TraceContext"/>: task, pid, CPU, flags), in
/// trace order, with their timestamps already on the trace clock. The model decides the contexts; recorders
/// write them out (text, .dat) or select among them.
/// </summary>
public interface ITraceRecorder
{
    /// <summary>One <c>map</c>.</summary>
    void Record(in TraceContext context, in MapEvent traceEvent);

    /// <summary>One <c>unmap</c>.</summary>
    void Record(in TraceContext context, in UnmapEvent traceEvent);

    /// <summary>One <c>io_page_fault</c>.</summary>
    void Record(in TraceContext context, in IoPageFaultEvent traceEvent);

    /// <summary>One <c>add_device_to_group</c> or <c>remove_device_from_group</c>.</summary>
    void Record(in TraceContext context, in GroupEvent traceEvent);

    /// <summary>One <c>attach_device_to_domain</c> or <c>detach_device_from_domain</c>.</summary>
    void Record(in TraceContext context, in DeviceDomainEvent traceEvent);
}
