using IommuSim.Devices.Nvme;
using IommuSim.Host;
using IommuSim.Units;

namespace IommuSim.Tests.Devices.Nvme;

/// <summary>A builder with a recording pool and reusable output arrays.</summary>
internal sealed class DataPointerFixture : INvmeDescriptorAllocator
{
    /// <summary>Where small-pool blocks are handed out: 256-byte steps from here.</summary>
    public const ulong SmallBase = 0x10_0000;
    /// <summary>Where large-pool blocks are handed out: 4 KiB steps from here.</summary>
    public const ulong LargeBase = 0x20_0000;
    /// <summary>A page-aligned data buffer.</summary>
    public const ulong Data = 0x1_0000_0000;

    private int _small;
    private int _large;

    public DataPointerFixture(bool sgl = false, long sglThresholdBytes = 32 * 1024)
    {
        Builder = new NvmeDataPointerBuilder(new NvmeDataPointerParams { Sgl = sgl, SglThreshold = ByteSize.FromBytes(sglThresholdBytes) }, this);
        Reads = new NvmeDescriptorRead[NvmeDataPointerBuilder.MaxDescriptorReads];
        Segments = new DmaSegment[Builder.MaxDataSegments];
    }

    public NvmeDataPointerBuilder Builder { get; }
    public NvmeDescriptorRead[] Reads { get; }
    public DmaSegment[] Segments { get; }
    public List<NvmeDescriptorPool> Allocations { get; } = new();

    public ulong Allocate(NvmeDescriptorPool pool)
    {
        Allocations.Add(pool);
        return pool == NvmeDescriptorPool.Small ? SmallBase + 256UL * (ulong)_small++ : LargeBase + 4096UL * (ulong)_large++;
    }

    public NvmeDataPointers Build(params DmaSegment[] segments) => Builder.Build(segments, ioQueue: true, Reads, Segments);

    public NvmeDataPointers Build(int physicalSegments, params DmaSegment[] segments) =>
        Builder.Build(segments, physicalSegments, ioQueue: true, Reads, Segments);

    public NvmeDescriptorRead[] ReadsOf(NvmeDataPointers p) => Reads[..p.DescriptorReads];

    public DmaSegment[] DataOf(NvmeDataPointers p) => Segments[..p.DataSegments];

    /// <summary><paramref name="count"/> consecutive controller pages from <paramref name="start"/>, the last <paramref name="lastBytes"/> long.</summary>
    public static DmaSegment[] Pages(ulong start, int count, uint lastBytes = 4096)
    {
        var pages = new DmaSegment[count];
        for (int i = 0; i < count; i++)
            pages[i] = new DmaSegment(start + 4096UL * (ulong)i, i == count - 1 ? lastBytes : 4096);
        return pages;
    }
}
