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
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) { writer.Write(map); writer.Write(fault); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(20_200, writer.LinesWritten);
    }
}
