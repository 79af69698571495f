using IommuSim.Kernel;
using IommuSim.Units;

namespace IommuSim.Devices.Replay;

/// <summary>One row of a DMA trace (see <see cref="DmaTraceCsvReader"/>).</summary>
/// <param name="Time">When it happened, on the trace's clock.</param>
/// <param name="Device">The device's name as written (one string instance per distinct name in a file).</param>
/// <param name="Iova">First IOVA of the range.</param>
/// <param name="Size">Bytes in the range, at least 1.</param>
/// <param name="Direction">A device DMA (read, write) or the driver's mapping activity (map, unmap).</param>
/// <param name="Line">The row's line in the file, from 1, for messages about it later in the run.</param>
public readonly record struct DmaTraceRecord(SimTime Time, string Device, ulong Iova, ByteSize Size, DmaTraceDirection Direction, long Line)
{
    /// <summary>The end of the range, <c>Iova + Size</c> (the reader guarantees it does not pass 2^64).</summary>
    public ulong IovaEnd => Iova + (ulong)Size.Bytes;
}
