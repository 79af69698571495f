using IommuSim.Kernel;

namespace IommuSim.Devices.Replay;

/// <summary>One <c>iommu:map</c> or <c>iommu:unmap</c> event of an ftrace text (see <see cref="FtraceIommuReader"/>).</summary>
/// <param name="Timestamp">The event's timestamp, from the trace's seconds.microseconds stamp.</param>
/// <param name="Cpu">The CPU whose buffer held the event.</param>
/// <param name="Event">Map or unmap.</param>
/// <param name="Iova">First IOVA of the range.</param>
/// <param name="Size">Bytes asked to be mapped or unmapped (<c>size</c>).</param>
/// <param name="PhysicalAddress">The physical address the range starts at (<c>paddr</c>); 0 for unmap.</param>
/// <param name="UnmappedSize">Bytes really unmapped (<c>unmapped_size</c>); 0 for map.</param>
/// <param name="Line">The event's line in the file, from 1.</param>
public readonly record struct IommuTraceRecord(
    SimTime Timestamp, int Cpu, IommuTraceEventKind Event, ulong Iova, ulong Size, ulong PhysicalAddress, ulong UnmappedSize, long Line);
