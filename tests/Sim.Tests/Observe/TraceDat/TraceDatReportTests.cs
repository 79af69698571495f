using System.Globalization;
using System.Text.RegularExpressions;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>
/// Files the writer produces, judged by trace-cmd itself: report exits 0, prints nothing on stderr, and prints
/// exactly the events written (CPU, timestamp to the microsecond, name, the print fmt's text of the fields).
/// </summary>
public sealed class TraceDatReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tracedat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal readonly record struct MapEvent(int Cpu, long Ns, ulong Iova, ulong Paddr, ulong Size);

    private static readonly MapEvent[] Small =
    [
        new(0, 1_000_123, 0x1000, 0x8000_0000, 4096),
        new(1, 1_500_600, 0x2000, 0x8000_1000, 8192),
        new(0, 2_000_000, 0x3000, 0x8000_3000, 4096),
        new(1, 2_250_400, 0x10_0000, 0x9000_0000, 2 * 1024 * 1024),
        new(0, 3_000_001_000, 0x4000, 0x8000_4000, 65536),
    ];

    [TraceCmdFact]
    public void A_v6_file_reports_exactly_the_events_written() => AssertReports(Small, TraceDatVersion.V6, TraceDatCompression.None);

    [TraceCmdFact]
    public void A_v7_file_reports_exactly_the_events_written() => AssertReports(Small, TraceDatVersion.V7, TraceDatCompression.None);

    [TraceCmdFact]
    public void A_v7_zstd_file_reports_exactly_the_events_written() => AssertReports(Small, TraceDatVersion.V7, TraceDatCompression.Zstd);

    [TraceCmdFact]
    public void A_cpu_without_events_is_an_empty_cpu_to_trace_cmd()
    {
        MapEvent[] events = [new(0, 1_000, 1, 2, 3), new(2, 2_000, 4, 5, 6), new(0, 3_000, 7, 8, 9)];
        foreach (var (version, compression) in new[] { (TraceDatVersion.V6, TraceDatCompression.None), (TraceDatVersion.V7, TraceDatCompression.None), (TraceDatVersion.V7, TraceDatCompression.Zstd) })
            AssertReports(events, version, compression, cpus: 3);
    }

    [TraceCmdFact]
    public void Trace_cmd_dump_reads_every_section_of_v7_files()
    {
        foreach (var compression in new[] { TraceDatCompression.None, TraceDatCompression.Zstd })
        {
            string file = Write(Small, TraceDatVersion.V7, compression);
            var (code, stdout, stderr) = TraceCmd.Run("dump", "--all", "-i", file);
            Assert.True(code == 0, $"dump exited {code}: {stderr}");
            Assert.Equal("", stderr);
            Assert.Contains("name: map", stdout);
            Assert.Contains("ID: 1234", stdout);
            Assert.Contains("4242 dmastream", stdout);
            Assert.Contains(compression == TraceDatCompression.Zstd ? "zstd" : "none", stdout);
        }
    }

    [TraceCmdFact]
    public void A_gap_beyond_27_bits_of_nanoseconds_keeps_the_right_timestamps()
    {
        // 2^27 - 1 ns is 134.217727 ms: the first gap just fits the header, the next ones need a time extend,
        // the last one (2^40 ns, 18 minutes) needs the extend's upper bits.
        MapEvent[] events =
        [
            new(0, 5_000_000, 1, 2, 3),
            new(0, 5_000_000 + (1L << 27) - 1, 4, 5, 6),
            new(0, 5_000_000 + (1L << 27) - 1 + (1L << 27), 7, 8, 9),
            new(0, 5_000_000 + (1L << 27) - 1 + (1L << 27) + 200_000_000, 10, 11, 12),
            new(0, 5_000_000 + (1L << 27) - 1 + (1L << 27) + 200_000_000 + (1L << 40), 13, 14, 15),
        ];
        foreach (var (version, compression) in new[] { (TraceDatVersion.V6, TraceDatCompression.None), (TraceDatVersion.V7, TraceDatCompression.None) })
            AssertReports(events, version, compression);
    }

    [TraceCmdFact]
    public void Several_pages_per_cpu_are_all_read()
    {
        // A 32-byte record takes 36 bytes: 4080 / 36 = 113 per page, 12 bytes left for padding. 1000 per CPU
        // fill 8 full pages and part of a ninth.
        var events = new List<MapEvent>();
        for (int i = 0; i < 1000; i++)
        {
            events.Add(new(0, 1_000_000 + 1000L * i, (ulong)i * 4096, 0x1_0000_0000 + (ulong)i * 4096, 4096));
            events.Add(new(1, 1_000_500 + 1000L * i, (ulong)i * 8192, 0x2_0000_0000 + (ulong)i * 8192, 8192));
        }
        foreach (var (version, compression) in new[] { (TraceDatVersion.V6, TraceDatCompression.None), (TraceDatVersion.V7, TraceDatCompression.None), (TraceDatVersion.V7, TraceDatCompression.Zstd) })
            AssertReports(events, version, compression);
    }

    private string AssertReports(IReadOnlyList<MapEvent> events, TraceDatVersion version, TraceDatCompression compression, int cpus = 2)
    {
        string file = Write(events, version, compression, cpus);
        var (code, stdout, stderr) = TraceCmd.Run("report", "-i", file);
        Assert.True(code == 0, $"report exited {code}: {stderr}");
        Assert.Equal("", stderr);
        Assert.StartsWith($"cpus={cpus}\n", stdout);
        Assert.Equal(Expected(events), Reported(stdout));
        return file;
    }

    private string Write(IReadOnlyList<MapEvent> events, TraceDatVersion version, TraceDatCompression compression, int cpus = 2)
    {
        string file = Path.Combine(_dir, $"trace-v{(int)version}-{compression}-{Guid.NewGuid():N}.dat");
        using var output = File.Create(file);
        using var writer = new TraceDatWriter(output, MapEventTrace.Content(cpus), version, compression, _dir);
        Span<byte> record = stackalloc byte[MapEventTrace.RecordSize];
        foreach (var e in events)
        {
            MapEventTrace.Encode(record, e.Iova, e.Paddr, e.Size);
            writer.Append(e.Cpu, e.Ns, record);
        }
        writer.Complete();
        return file;
    }

    // What report prints for each event, in time order: cpu, seconds.microseconds, name, the print fmt's text.
    // libtraceevent's tep_print_event rounds nanoseconds to the nearest microsecond ((ns + 500) / 1000).
    private static List<string> Expected(IEnumerable<MapEvent> events) =>
        events.OrderBy(e => e.Ns).Select(e => (e, Us: (e.Ns + 500) / 1000)).Select(x => string.Create(CultureInfo.InvariantCulture,
            $"{MapEventTrace.Comm}-{MapEventTrace.Pid} cpu{x.e.Cpu} {x.Us / 1_000_000}.{x.Us % 1_000_000:D6} map iova=0x{x.e.Iova:x} paddr=0x{x.e.Paddr:x} size={x.e.Size}")).ToList();

    private static readonly Regex Line = new(@"^\s*(?<task>\S+)\s+\[(?<cpu>\d+)\]\s+(?<ts>\d+\.\d+):\s+(?<name>[^:\s]+):\s+(?<text>.*)$", RegexOptions.CultureInvariant);

    private static List<string> Reported(string stdout)
    {
        var lines = new List<string>();
        foreach (var raw in stdout.Split('\n'))
        {
            if (raw.Length == 0 || raw.StartsWith("cpus=", StringComparison.Ordinal)) continue;
            var m = Line.Match(raw);
            Assert.True(m.Success, $"unexpected report line: '{raw}'");
            lines.Add($"{m.Groups["task"].Value} cpu{int.Parse(m.Groups["cpu"].Value, CultureInfo.InvariantCulture)} {m.Groups["ts"].Value} {m.Groups["name"].Value} {m.Groups["text"].Value.TrimEnd()}");
        }
        return lines;
    }
}
