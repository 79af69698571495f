using IommuSim.Devices.Nvme;
using IommuSim.Host;
using IommuSim.Tests.Support;
using static IommuSim.Tests.Devices.Nvme.DataPointerFixture;

namespace IommuSim.Tests.Devices.Nvme;

public class DataPointerCountTests
{
    [Fact]
    public void The_builder_sums_commands_pool_allocations_and_descriptor_bytes()
    {
        var f = new DataPointerFixture(sgl: true);
        f.Build(new DmaSegment(Data, 4096));                                    // PRP1 only
        f.Build(new DmaSegment(Data, 65536), new DmaSegment(Data + 0x10_0000, 65536)); // SGL: 2 x 16 B, small block
        f.Builder.Build(new[] { new DmaSegment(Data, (2u << 20) + 8192) }, ioQueue: false, f.Reads, f.Segments); // PRP: 2 pages
        Assert.Equal(3, f.Builder.Commands);
        Assert.Equal(1, f.Builder.SglCommands);
        Assert.Equal(1, f.Builder.SmallPoolAllocations);
        Assert.Equal(2, f.Builder.LargePoolAllocations);
        Assert.Equal(3, f.Builder.DescriptorReads);
        Assert.Equal(32 + 4096 + 16, f.Builder.DescriptorBytes);
        Assert.Equal(f.Allocations.Count, f.Builder.SmallPoolAllocations + f.Builder.LargePoolAllocations);
    }

    [Fact]
    public void Building_allocates_nothing_after_warm_up()
    {
        var f = new DataPointerFixture(sgl: true);
        var pool = new CountingPool();
        var builder = new NvmeDataPointerBuilder(new NvmeDataPointerParams { Sgl = true }, pool);
        var shapes = new[]
        {
            new[] { new DmaSegment(Data, 4096) },
            new[] { new DmaSegment(Data + 0x200, 8192) },
            new[] { new DmaSegment(Data, (2u << 20) + 8192) },
            new[] { new DmaSegment(Data, 32768), new DmaSegment(Data + 0x10_0000, 32768) },
            Pages(Data, 16),
        };
        void BuildAll()
        {
            for (int round = 0; round < 200; round++)
                foreach (var shape in shapes)
                    builder.Build(shape, ioQueue: true, f.Reads, f.Segments);
        }
        BuildAll();
        Assert.Equal(0, AllocationProbe.LeastBytes(BuildAll));
        Assert.Equal(pool.Calls, builder.SmallPoolAllocations + builder.LargePoolAllocations);
    }

    private sealed class CountingPool : INvmeDescriptorAllocator
    {
        public long Calls;
        public ulong Allocate(NvmeDescriptorPool pool) => 0x100_0000UL + 4096UL * (ulong)(Calls++ % 64);
    }
}
