using System.Buffers.Binary;
using System.Text;

namespace IommuSim.Observe.Ftrace;

/// <summary>
/// Encodes one event as the ring buffer holds it (and a trace.dat file carries it): the common fields, the
/// event's fields at the offsets of <see cref="IommuEventFormats"/>, then the <c>__data_loc</c> strings,
/// little-endian as on x86-64.
/// </summary>
/// <remarks>
/// A record is <see cref="FtraceEventFormat.StructSize"/> bytes plus each string's length with its NUL, as the
/// kernel reserves it; a string's <c>__data_loc</c> word is its offset from the record's start in the low 16 bits
/// and its length (NUL included) in the high 16. Padding bytes are zero. The ring buffer's own event header and
/// its rounding to 4 bytes are the container's business, not part of this record.
/// </remarks>
public static class IommuRawRecords
{
    /// <summary>Bytes of one <c>map</c> record.</summary>
    public static int MapSize => 32;

    /// <summary>Bytes of one <c>unmap</c> record.</summary>
    public static int UnmapSize => 32;

    /// <summary>Bytes of one <c>io_page_fault</c> record for <paramref name="fault"/>.</summary>
    public static int IoPageFaultSize(in IoPageFaultEvent fault) =>
        32 + StringSize(fault.Device) + StringSize(fault.Driver);

    /// <summary>Bytes of one group record for <paramref name="device"/>.</summary>
    public static int GroupSize(string device) => 16 + StringSize(device);

    /// <summary>Bytes of one attach or detach record for <paramref name="device"/>.</summary>
    public static int DeviceDomainSize(string device) => 12 + StringSize(device);

    /// <summary>Writes a <c>map</c> record to <paramref name="destination"/>; returns its length.</summary>
    public static int EncodeMap(in TraceContext context, in MapEvent map, Span<byte> destination)
    {
        var record = Start(destination, MapSize, IommuEventFormats.MapId, context);
        BinaryPrimitives.WriteUInt64LittleEndian(record[8..], map.Iova);
        BinaryPrimitives.WriteUInt64LittleEndian(record[16..], map.PhysicalAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(record[24..], map.Size);
        return MapSize;
    }

    /// <summary>Writes an <c>unmap</c> record to <paramref name="destination"/>; returns its length.</summary>
    public static int EncodeUnmap(in TraceContext context, in UnmapEvent unmap, Span<byte> destination)
    {
        var record = Start(destination, UnmapSize, IommuEventFormats.UnmapId, context);
        BinaryPrimitives.WriteUInt64LittleEndian(record[8..], unmap.Iova);
        BinaryPrimitives.WriteUInt64LittleEndian(record[16..], unmap.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(record[24..], unmap.UnmappedSize);
        return UnmapSize;
    }

    /// <summary>Writes an <c>io_page_fault</c> record to <paramref name="destination"/>; returns its length.</summary>
    public static int EncodeIoPageFault(in TraceContext context, in IoPageFaultEvent fault, Span<byte> destination)
    {
        int size = IoPageFaultSize(fault);
        var record = Start(destination, size, IommuEventFormats.IoPageFaultId, context);
        // __data starts at 28, right after flags; the strings follow in declaration order: device, driver.
        int next = PutString(record, 8, 28, fault.Device);
        PutString(record, 12, next, fault.Driver);
        BinaryPrimitives.WriteUInt64LittleEndian(record[16..], fault.Iova);
        BinaryPrimitives.WriteInt32LittleEndian(record[24..], fault.Flags);
        return size;
    }

    /// <summary>Writes an <c>add_device_to_group</c> or <c>remove_device_from_group</c> record; returns its length.</summary>
    public static int EncodeGroup(in TraceContext context, in GroupEvent group, Span<byte> destination)
    {
        int size = GroupSize(group.Device);
        ushort id = group.Kind == GroupEventKind.AddDeviceToGroup
            ? IommuEventFormats.AddDeviceToGroupId : IommuEventFormats.RemoveDeviceFromGroupId;
        var record = Start(destination, size, id, context);
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], group.GroupId);
        PutString(record, 12, 16, group.Device);
        return size;
    }

    /// <summary>
    /// Writes an <c>attach_device_to_domain</c> or <c>detach_device_from_domain</c> record; returns its length.
    /// Check <see cref="FtraceProfile.HasDetachEvent"/> before writing a detach for a profile.
    /// </summary>
    public static int EncodeDeviceDomain(in TraceContext context, in DeviceDomainEvent domain, Span<byte> destination)
    {
        int size = DeviceDomainSize(domain.Device);
        ushort id = domain.Kind == DeviceDomainEventKind.AttachDeviceToDomain
            ? IommuEventFormats.AttachDeviceToDomainId : IommuEventFormats.DetachDeviceFromDomainId;
        var record = Start(destination, size, id, context);
        PutString(record, 8, 12, domain.Device);
        return size;
    }

    private static int StringSize(string text) => Encoding.UTF8.GetByteCount(text ?? "") + 1;

    private static Span<byte> Start(Span<byte> destination, int size, ushort id, in TraceContext context)
    {
        if (destination.Length < size)
            throw new ArgumentException($"the record needs {size} bytes, the buffer has {destination.Length}",
                nameof(destination));
        var record = destination[..size];
        record.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(record, id);
        record[2] = (byte)context.Flags;
        record[3] = context.PreemptCountByte;
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], context.Pid);
        return record;
    }

    // Writes the string with its NUL at dataOffset and its __data_loc word at locOffset; returns the next free offset.
    private static int PutString(Span<byte> record, int locOffset, int dataOffset, string text)
    {
        int length = Encoding.UTF8.GetBytes(text ?? "", record[dataOffset..]) + 1;
        record[dataOffset + length - 1] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(record[locOffset..], (uint)(dataOffset | (length << 16)));
        return dataOffset + length;
    }
}
