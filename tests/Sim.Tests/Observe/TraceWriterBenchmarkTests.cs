using System.Text.RegularExpressions;
using IommuSim.Observe;
using IommuSim.Observe.TraceDat;
using IommuSim.Tests.Observe.TraceDat;

namespace IommuSim.Tests.Observe;

/// <summary>
/// The synthetic stream behind <c>bench trace</c> is the one its documentation describes, and both writers' outputs
/// of it are valid: trace-cmd reports the .dat as the same lines as the text.
/// </summary>
public sealed class TraceWriterBenchmarkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bench-trace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_stream_maps_and_unmaps_on_four_cpus_with_a_fault_every_65536_events()
    {
        const int events = 200_000;
        var stream = new SyntheticIommuStream(7);
        var outstanding = new Queue<(ulong Iova, ulong Size)>[4];
        for (int c = 0; c < 4; c++) outstanding[c] = new();
        var perCpu = new int[4];
        int faults = 0, unmaps = 0;
        long lastNs = 0;
        ulong lastIovaEnd = 0;
        for (int i = 1; i <= events; i++)
        {
            stream.Advance();
            long ns = stream.TimestampNs;
            if (i > 1) Assert.InRange(ns - lastNs, 100, 499);
            lastNs = ns;
            var context = stream.Context;
            switch (stream.Kind)
            {
                case SyntheticEventKind.IoPageFault:
                    Assert.Equal(0, i % 65_536);
                    Assert.Equal(("<idle>", 0), (context.Comm, context.Cpu));
                    // Below the first mapping (1 MiB): an address never mapped.
                    Assert.InRange(stream.Fault.Iova, 0x1000UL, 0x10_0000UL - 1);
                    faults++;
                    continue;
                case SyntheticEventKind.Map:
                    var map = stream.Map;
                    Assert.Contains(map.Size, new ulong[] { 4096, 8192, 16384, 32768, 65536 });
                    Assert.Equal(0UL, map.Iova % map.Size);
                    Assert.True(map.Iova >= lastIovaEnd, "IOVAs increase");
                    lastIovaEnd = map.IovaEnd;
                    Assert.Equal(context.Cpu, map.Cpu);
                    outstanding[context.Cpu].Enqueue((map.Iova, map.Size));
                    Assert.InRange(outstanding[context.Cpu].Count, 1, 16);
                    break;
                default:
                    var unmap = stream.Unmap;
                    // Each CPU unmaps its oldest buffer, whole.
                    Assert.Equal(outstanding[context.Cpu].Dequeue(), (unmap.Iova, unmap.Size));
                    Assert.Equal(unmap.Size, unmap.UnmappedSize);
                    Assert.Equal(context.Cpu, unmap.Cpu);
                    unmaps++;
                    break;
            }
            Assert.True(context.Comm == "<idle>" && context.Pid == 0 || context.Comm == "iperf3" && context.Pid == 3100 + context.Cpu,
                $"{context.Comm}-{context.Pid}");
            perCpu[context.Cpu]++;
        }
        Assert.Equal(events / 65_536, faults);
        // Events go to a CPU picked uniformly: each of the 4 gets a quarter, within 1% of all events.
        foreach (int n in perCpu) Assert.InRange(n, events / 4 - events / 100, events / 4 + events / 100);
        // With 8 to 16 in flight per CPU, every map but at most 16 per CPU has been unmapped.
        Assert.InRange(events - faults - 2 * unmaps, 4 * 8, 4 * 16);
    }

    [Fact]
    public void The_benchmark_writes_and_deletes_its_files()
    {
        var m = TraceWriterBenchmark.Measure(5_000, _dir);
        Assert.Equal(5_000, m.Events);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
        // 5,000 records of 32 bytes behind 4-byte headers, each CPU's pages 4 KiB aligned.
        Assert.True(m.DatBytes > 5_000 * 36, $"{m.DatBytes}");
        Assert.True(m.ZstdBytes < m.DatBytes);
        Assert.True(m.TextWallSeconds > 0 && m.DatWallSeconds > 0 && m.ZstdWallSeconds > 0);
    }

    [TraceCmdFact]
    public void Trace_cmd_reports_the_benchmark_dat_as_its_text()
    {
        // Past the first io_page_fault (event 65,536).
        const int events = 66_000;
        var text = new StringWriter();
        TraceWriterBenchmark.WriteText(events, text);
        string path = Path.Combine(_dir, "bench.dat");
        using (var file = File.Create(path))
        using (var dat = new TraceDatWriter(file, TraceWriterBenchmark.DatContent(), TraceDatVersion.V7, TraceDatCompression.Zstd, _dir))
        {
            TraceWriterBenchmark.AppendDat(events, dat);
            dat.Complete();
        }
        var (exit, stdout, stderr) = TraceCmd.Run("report", "-i", path);
        Assert.True(exit == 0, stderr);
        Assert.Equal("", stderr.Trim());
        var reported = stdout.Split('\n').Where(l => l.Contains("IOMMU")).Select(Normalise).ToList();
        var ours = text.ToString().Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => Normalise(RemoveFlags(l))).ToList();
        Assert.Equal(events, ours.Count);
        Assert.Single(ours, l => l.Contains("io_page_fault"));
        // trace-cmd orders by timestamp across CPUs, as our single clock does.
        Assert.Equal(ours, reported);
    }

    private static string RemoveFlags(string line) => Regex.Replace(line, @"(\[\d{3}\]) [^ ]{4,5} ", "$1 ");

    private static string Normalise(string line) => Regex.Replace(line.Trim(), @"\s+", " ");
}
