using IommuSim.Observe.Ftrace;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>
/// A second reader of our .dat files, independent of our writer and of trace-cmd report's text: a C program
/// against libtracecmd and libtraceevent (Native/read_iommu_events.c) prints each event's CPU, timestamp, common
/// fields and every field as the libraries decode them. Each must be exactly what was written, for every event kind
/// of each kernel profile, in file versions 6, 7 and 7 with zstd.
/// </summary>
public sealed class LibTraceCmdReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("libtracecmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [LibTraceCmdTheory]
    [InlineData("current", false, TraceDatVersion.V6, TraceDatCompression.None)]
    [InlineData("current", false, TraceDatVersion.V7, TraceDatCompression.None)]
    [InlineData("current", false, TraceDatVersion.V7, TraceDatCompression.Zstd)]
    [InlineData("5.17", true, TraceDatVersion.V6, TraceDatCompression.None)]
    [InlineData("5.17", true, TraceDatVersion.V7, TraceDatCompression.None)]
    [InlineData("5.17", true, TraceDatVersion.V7, TraceDatCompression.Zstd)]
    [InlineData("4.x", true, TraceDatVersion.V6, TraceDatCompression.None)]
    [InlineData("4.x", true, TraceDatVersion.V7, TraceDatCompression.None)]
    [InlineData("4.x", true, TraceDatVersion.V7, TraceDatCompression.Zstd)]
    public void Libtracecmd_reads_every_event_kind_with_the_field_values_written(string profileName, bool hasDetach,
        TraceDatVersion version, TraceDatCompression compression)
    {
        var events = IommuEventTrace.Events(hasDetach);
        // Every kind of the profile is in the trace: 7 kinds where the kernel still had detach, 6 since v6.3.
        int kinds = events.Select(e => e.Expected[..e.Expected.IndexOf(' ')]).Distinct().Count();
        Assert.Equal(hasDetach ? 7 : 6, kinds);
        Assert.Equal(IommuEventTrace.Cpus, events.Select(e => e.Who.Context.Cpu).Distinct().Count());

        string file = IommuEventTrace.Write(_dir, FtraceProfile.FromName(profileName), events, version, compression);
        var lines = AssertReads(file);

        Assert.Equal(events.Count, lines.Count);
        AssertLines(events.OrderBy(e => e.Ns).Select(e => e.Expected), lines);
    }

    [LibTraceCmdTheory]
    [InlineData(TraceDatVersion.V6, TraceDatCompression.None)]
    [InlineData(TraceDatVersion.V7, TraceDatCompression.None)]
    [InlineData(TraceDatVersion.V7, TraceDatCompression.Zstd)]
    public void Many_pages_on_every_cpu_come_back_in_time_order_and_all_counted(TraceDatVersion version, TraceDatCompression compression)
    {
        // A map record is 32 bytes, 36 with its ring-buffer header: 113 fit a 4080-byte page, so 1500 per CPU fill
        // 13 pages and part of a 14th. The CPUs interleave: CPU k's i-th event is at 1 ms + 3000 i + 1000 k ns.
        var events = new List<IommuEventTrace.Written>();
        IommuEventTrace.Who[] who = [IommuEventTrace.Fio, IommuEventTrace.NapiIdle, IommuEventTrace.Kworker];
        for (int i = 0; i < 1500; i++)
            for (int cpu = 0; cpu < 3; cpu++)
                events.Add(IommuEventTrace.Map(who[cpu], 1_000_000 + 3000L * i + 1000L * cpu,
                    0xffff_0000_0000_0000UL + (ulong)i * 4096, 0x1_0000_0000UL * (ulong)(cpu + 1) + (ulong)i * 4096, 4096UL << cpu));

        string file = IommuEventTrace.Write(_dir, FtraceProfile.Current, events, version, compression);
        var lines = AssertReads(file);

        Assert.Equal(4500, lines.Count);
        AssertLines(events.Select(e => e.Expected), lines);
    }

    [LibTraceCmdFact]
    public void The_reader_fails_loudly_on_a_file_libtracecmd_cannot_open()
    {
        string notDat = Path.Combine(_dir, "not-a-trace.dat");
        File.WriteAllBytes(notDat, [.. "this is not a trace-cmd file, only text padding it out"u8]);
        foreach (string path in new[] { notDat, Path.Combine(_dir, "missing.dat") })
        {
            var (code, lines, stderr) = LibTraceCmdReader.Read(path);
            Assert.NotEqual(0, code);
            Assert.Empty(lines);
            Assert.Contains("tracecmd_open", stderr);
        }
    }

    /// <summary>Line by line, so that a failure names the first event that differs and where in it.</summary>
    internal static void AssertLines(IEnumerable<string> expected, IReadOnlyList<string> actual)
    {
        var want = expected.ToList();
        for (int i = 0; i < Math.Min(want.Count, actual.Count); i++) Assert.Equal(want[i], actual[i]);
        Assert.Equal(want.Count, actual.Count);
    }

    private static List<string> AssertReads(string file)
    {
        var (code, lines, stderr) = LibTraceCmdReader.Read(file);
        Assert.True(code == 0, $"read_iommu_events exited {code}: {stderr}");
        Assert.Equal("", stderr);
        return lines;
    }
}
