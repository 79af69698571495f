using IommuSim.Kernel;
using IommuSim.Observe;
using IommuSim.Observe.Ftrace;

namespace IommuSim.Tests.Observe.Ftrace;

public class FtraceTextWriterAllocationTests
{
    [Fact]
    public void Writing_lines_allocates_nothing_per_event()
    {
        var writer = new FtraceTextWriter(TextWriter.Null, FtraceProfile.Current, TraceContext.NapiSoftIrq(2));
        var map = new MapEvent(SimTime.FromPicoseconds(123_456_789_000), 0xfe980000, 0x10ec80000, 4096);
        var fault = new IoPageFaultEvent(SimTime.FromPicoseconds(5), "0000:01:00.0", "nvme", 0x1000, 1);
        for (int i = 0; i < 100; i++) { writer.Write(map); writer.Write(fault); } // warm up
        // Steady state: a block of 20,000 lines that allocates nothing. On a loaded machine the runtime may still be
        // replacing the loop's early code during the first blocks; a writer that allocates per line fails every block.
        long allocated = -1;
        int blocks = 0;
        while (allocated != 0 && blocks < 5)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++) { writer.Write(map); writer.Write(fault); }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            blocks++;
        }
        Assert.Equal(0, allocated);
        Assert.Equal(200 + 20_000L * blocks, writer.LinesWritten);
    }
}
