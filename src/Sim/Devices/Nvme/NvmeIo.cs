using IommuSim.Host;

namespace IommuSim.Devices.Nvme;

/// <summary>One I/O in flight on a queue pair: its request, its mapping, its data pointers and the times of its parts.</summary>
internal struct NvmeIo
{
    public long IssuedPs;
    public long SubmittedPs;
    public long FetchStartPs;
    public long CommandInPs;
    public long PointersInPs;
    public long MediaInPs;
    public long MediaDonePs;
    public long DataDonePs;
    public long CompletionPs;
    public int Bytes;
    public bool Read;
    public bool Faulted;
    public int Segments;
    public int PhysicalSegments;
    public int DataSegments;
    public int BlockCount;
    public int PointerReads;
    public int NextPointerRead;
    public int DataReadsLeft;
    public int ListPages;
    public long CommandSlot;
    public DmaSegment[] Mapped;
    public DmaSegment[] Data;
    public ulong[] Blocks;
    public NvmeDescriptorPool[] BlockPools;
    public ScatterEntry[] Pages;
    public ulong[] PointerReadAddress;
    public int[] PointerReadBytes;
    public bool[] PointerReadIsSgl;
}
