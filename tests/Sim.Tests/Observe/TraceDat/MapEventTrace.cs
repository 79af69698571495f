using System.Buffers.Binary;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>A made-up iommu/map event (iova, paddr, size, all u64) and the content of a trace holding it.</summary>
internal static class MapEventTrace
{
    public const int Id = 1234;
    public const int Pid = 4242;
    public const string Comm = "dmastream";
    public const int RecordSize = 32;

    public const string Format =
        "name: map\n" +
        "ID: 1234\n" +
        "format:\n" +
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" +
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" +
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" +
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n" +
        "\n" +
        "\tfield:u64 iova;\toffset:8;\tsize:8;\tsigned:0;\n" +
        "\tfield:u64 paddr;\toffset:16;\tsize:8;\tsigned:0;\n" +
        "\tfield:u64 size;\toffset:24;\tsize:8;\tsigned:0;\n" +
        "\n" +
        "print fmt: \"iova=0x%llx paddr=0x%llx size=%llu\", REC->iova, REC->paddr, REC->size\n";

    public static TraceDatContent Content(int cpus = 2) => new()
    {
        CpuCount = cpus,
        Events = [new TraceEventFormat("map", Id, Format)],
        CommandLines = [new TraceCommandLine(Pid, Comm)],
    };

    /// <summary>The record bytes as the format above lays them out.</summary>
    public static void Encode(Span<byte> record, ulong iova, ulong paddr, ulong size)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(record, Id);
        record[2] = 0;
        record[3] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], Pid);
        BinaryPrimitives.WriteUInt64LittleEndian(record[8..], iova);
        BinaryPrimitives.WriteUInt64LittleEndian(record[16..], paddr);
        BinaryPrimitives.WriteUInt64LittleEndian(record[24..], size);
    }
}
