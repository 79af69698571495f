using IommuSim.Observe;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Tests.Observe.TraceDat;

public sealed class CpuPageSpoolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Gathering_pages_before_writing_leaves_the_spooled_bytes_unchanged()
    {
        // 36-byte events, 113 to a page: 5,000 events fill 44 pages and part of a 45th, so batches of 16 and of 3
        // are written whole and in part.
        byte[] single = Spool(1), sixteen = Spool(16), three = Spool(3);
        Assert.Equal(45 * RingBufferLayout.PageSize, single.Length);
        Assert.Equal(single, sixteen);
        Assert.Equal(single, three);
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(4, 16)]
    [InlineData(16, 16)]
    [InlineData(64, 4)]
    [InlineData(256, 1)]
    [InlineData(8192, 1)]
    public void Gathered_pages_of_all_cpus_stay_within_256_pages_and_16_per_cpu(int cpus, int expected) =>
        Assert.Equal(expected, CpuPageSpool.PagesPerWrite(cpus));

    [Fact]
    public void Appending_to_a_dat_writer_allocates_nothing_per_event()
    {
        using var output = new MemoryStream();
        using var writer = new TraceDatWriter(output, TraceWriterBenchmark.DatContent(), spoolDirectory: _dir);
        Span<byte> record = stackalloc byte[MapEventTrace.RecordSize];
        MapEventTrace.Encode(record, 0x1000, 0x2000, 4096);
        for (int i = 0; i < 1000; i++) writer.Append(i & 3, i, record);   // warm up, past the first pages
        long before = GC.GetAllocatedBytesForCurrentThread();
        // 100,000 events seal over 200 pages per CPU: batches of pages are written too.
        for (int i = 1000; i < 101_000; i++) writer.Append(i & 3, i, record);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private byte[] Spool(int pagesPerWrite)
    {
        using var spool = new CpuPageSpool(_dir, pagesPerWrite);
        Span<byte> record = stackalloc byte[MapEventTrace.RecordSize];
        for (int i = 0; i < 5000; i++)
        {
            MapEventTrace.Encode(record, (ulong)i * 4096, 0x1_0000_0000 + (ulong)i * 4096, 4096);
            spool.Append(1_000_000 + 250L * i, record);
        }
        spool.Finish();
        var bytes = new MemoryStream();
        spool.Pages.CopyTo(bytes);
        Assert.Equal(spool.Length, bytes.Length);
        return bytes.ToArray();
    }
}
