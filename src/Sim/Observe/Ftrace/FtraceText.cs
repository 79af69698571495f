using IommuSim.Kernel;

namespace IommuSim.Observe.Ftrace;

/// <summary>
/// The pieces of one <c>/sys/kernel/tracing/trace</c> line, written into a caller's buffer without allocating:
/// the context (kernel/trace/trace_output.c <c>trace_print_context</c>) and the event's text
/// (<c>"&lt;name&gt;: "</c> then its TP_printk output, as <c>trace_raw_output_&lt;class&gt;</c> prints it).
/// </summary>
public static class FtraceText
{
    /// <summary>A buffer of this many characters holds any line with device and driver names up to 64 characters.</summary>
    public const int LineCapacity = 320;

    /// <summary>
    /// Writes <c>COMM-PID [CPU] FLAGS SECS.USECS: </c>: <c>%16s-%-7d [%03d] </c> (or <c>%-5d</c> for the pid in
    /// <see cref="FtraceContextLayout.FourFlagsPid5"/>), the flags, then <c> %5lu.%06lu: </c> with the
    /// microseconds rounded to nearest (<c>ns2usecs</c>); returns the characters written.
    /// </summary>
    public static int WriteContext(Span<char> destination, in TraceContext context, FtraceContextLayout layout,
        SimTime timestamp)
    {
        var line = new CharCursor(destination);
        line.AppendRight(context.Comm.AsSpan(), 16);
        line.Append('-');
        line.AppendLeft(context.Pid, layout == FtraceContextLayout.FourFlagsPid5 ? 5 : 7);
        line.Append(" [".AsSpan());
        line.AppendDecimal(context.Cpu, 3);
        line.Append("] ".AsSpan());
        line.Advance(context.WriteFlags(line.Free, layout));
        long usecs = (timestamp.Picoseconds / SimTime.PsPerNs + 500) / 1000;
        line.Append(' ');
        line.AppendRight(usecs / 1_000_000, 5);
        line.Append('.');
        line.AppendDecimal(usecs % 1_000_000, 6);
        line.Append(": ".AsSpan());
        return line.Length;
    }

    /// <summary>Writes <c>map: IOMMU: ...</c> as <paramref name="profile"/> prints it; returns the characters written.</summary>
    public static int WriteMap(Span<char> destination, FtraceProfile profile, in MapEvent map)
    {
        var line = new CharCursor(destination);
        line.Append("map: IOMMU: iova=0x".AsSpan());
        line.AppendHex(map.Iova, 16);
        if (profile.PrintsRange)
        {
            line.Append(" - 0x".AsSpan());
            line.AppendHex(unchecked(map.Iova + map.Size), 16);
        }
        line.Append(" paddr=0x".AsSpan());
        line.AppendHex(map.PhysicalAddress, 16);
        line.Append(" size=".AsSpan());
        line.AppendDecimal(map.Size);
        return line.Length;
    }

    /// <summary>Writes <c>unmap: IOMMU: ...</c> as <paramref name="profile"/> prints it; returns the characters written.</summary>
    public static int WriteUnmap(Span<char> destination, FtraceProfile profile, in UnmapEvent unmap)
    {
        var line = new CharCursor(destination);
        line.Append("unmap: IOMMU: iova=0x".AsSpan());
        line.AppendHex(unmap.Iova, 16);
        if (profile.PrintsRange)
        {
            line.Append(" - 0x".AsSpan());
            line.AppendHex(unchecked(unmap.Iova + unmap.Size), 16);
        }
        line.Append(" size=".AsSpan());
        line.AppendDecimal(unmap.Size);
        line.Append(" unmapped_size=".AsSpan());
        line.AppendDecimal(unmap.UnmappedSize);
        return line.Length;
    }

    /// <summary>Writes <c>io_page_fault: IOMMU:DRIVER DEVICE iova=0x... flags=0x....</c>; returns the characters written.</summary>
    public static int WriteIoPageFault(Span<char> destination, in IoPageFaultEvent fault)
    {
        var line = new CharCursor(destination);
        line.Append("io_page_fault: IOMMU:".AsSpan());
        line.Append(fault.Driver.AsSpan());
        line.Append(' ');
        line.Append(fault.Device.AsSpan());
        line.Append(" iova=0x".AsSpan());
        line.AppendHex(fault.Iova, 16);
        line.Append(" flags=0x".AsSpan());
        // %04x prints the int as unsigned.
        line.AppendHex(unchecked((uint)fault.Flags), 4);
        return line.Length;
    }

    /// <summary>Writes <c>add_device_to_group: IOMMU: groupID=%d device=%s</c> (or remove); returns the characters written.</summary>
    public static int WriteGroup(Span<char> destination, in GroupEvent group)
    {
        var line = new CharCursor(destination);
        line.Append((group.Kind == GroupEventKind.AddDeviceToGroup
            ? IommuEventFormats.AddDeviceToGroupName : IommuEventFormats.RemoveDeviceFromGroupName).AsSpan());
        line.Append(": IOMMU: groupID=".AsSpan());
        line.AppendDecimal(group.GroupId, 0);
        line.Append(" device=".AsSpan());
        line.Append(group.Device.AsSpan());
        return line.Length;
    }

    /// <summary>Writes <c>attach_device_to_domain: IOMMU: device=%s</c> (or detach); returns the characters written.</summary>
    public static int WriteDeviceDomain(Span<char> destination, in DeviceDomainEvent domain)
    {
        var line = new CharCursor(destination);
        line.Append((domain.Kind == DeviceDomainEventKind.AttachDeviceToDomain
            ? IommuEventFormats.AttachDeviceToDomainName : IommuEventFormats.DetachDeviceFromDomainName).AsSpan());
        line.Append(": IOMMU: device=".AsSpan());
        line.Append(domain.Device.AsSpan());
        return line.Length;
    }
}
