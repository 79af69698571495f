using System.Text.RegularExpressions;
using IommuSim.Kernel;
using IommuSim.Observe;
using IommuSim.Observe.Ftrace;
using IommuSim.Observe.TraceDat;
using IommuSim.Tests.Observe.TraceDat;

namespace IommuSim.Tests.Observe;

/// <summary>
/// The two trace writers agree: the iommu events of each kernel profile, written as ftrace text and as a trace-cmd .dat
/// with the profile's format files and raw records, come back from <c>trace-cmd report</c> as the same lines as our
/// text (task, pid, CPU, timestamp, event, text), once the flag column trace-cmd's default output leaves out is removed.
/// </summary>
public sealed class TraceFixtureRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trace-roundtrip-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [TraceCmdTheory]
    [InlineData("current")]
    [InlineData("5.17")]
    [InlineData("4.x")]
    public void Trace_cmd_reports_our_dat_as_our_text_says(string profileName)
    {
        var profile = FtraceProfile.FromName(profileName);
        var softirq = TraceContext.NapiSoftIrq(1);
        var task = TraceContext.Task("fio", 4242, 0);
        var events = new (TraceContext Context, object Event)[]
        {
            (task, new MapEvent(SimTime.FromMicroseconds(1_000_001), 0xffff0000, 0x1_2345_6000, 4096)),
            (softirq, new MapEvent(SimTime.FromMicroseconds(1_000_250), 0xfffe0000, 0x1_0000_0000, 8192)),
            (task, new UnmapEvent(SimTime.FromMicroseconds(1_002_000), 0xffff0000, 4096, 4096)),
            (softirq, new IoPageFaultEvent(SimTime.FromMicroseconds(1_003_500), "0000:01:00.0", "ixgbe", 0xdead000, 0x20)),
            (softirq, new UnmapEvent(SimTime.FromSeconds(3), 0xfffe0000, 8192, 8192)),
        };

        // Our text, one line per event.
        var text = new StringWriter();
        var writer = new FtraceTextWriter(text, profile, task);
        // Our .dat, with the profile's format files and the same events as raw records.
        string path = Path.Combine(_dir, $"{profileName}.dat");
        var content = new TraceDatContent
        {
            CpuCount = 2,
            Events = IommuEventFormats.All(profile).Select(f => new TraceEventFormat(f.Name, f.Id, f.FormatFile())).ToList(),
            CommandLines = [new TraceCommandLine(4242, "fio")],
        };
        using (var file = File.Create(path))
        using (var dat = new TraceDatWriter(file, content))
        {
            var buffer = new byte[256];
            foreach (var (context, e) in events)
            {
                int n;
                long ns;
                switch (e)
                {
                    case MapEvent m:
                        writer.MapContext = context;
                        writer.Write(m);
                        n = IommuRawRecords.EncodeMap(context, m, buffer);
                        ns = m.Timestamp.Picoseconds / 1000;
                        break;
                    case UnmapEvent u:
                        writer.UnmapContext = context;
                        writer.Write(u);
                        n = IommuRawRecords.EncodeUnmap(context, u, buffer);
                        ns = u.Timestamp.Picoseconds / 1000;
                        break;
                    default:
                        var f = (IoPageFaultEvent)e;
                        writer.FaultContext = context;
                        writer.Write(f);
                        n = IommuRawRecords.EncodeIoPageFault(context, f, buffer);
                        ns = f.Timestamp.Picoseconds / 1000;
                        break;
                }
                dat.Append(context.Cpu, ns, buffer.AsSpan(0, n));
            }
            dat.Complete();
        }

        var (exit, stdout, stderr) = TraceCmd.Run("report", "-i", path);
        Assert.True(exit == 0, stderr);
        Assert.Equal("", stderr.Trim());
        var reported = stdout.Split('\n').Where(l => l.Contains("IOMMU")).Select(Normalise).ToList();
        var ours = text.ToString().Split('\n').Where(l => l.Length > 0).Select(l => Normalise(RemoveFlags(l))).ToList();
        Assert.Equal(events.Length, ours.Count);
        Assert.Equal(ours, reported);
    }

    // "  fio-4242    [000] ..... 1.000001: map: ..." -> "fio-4242 [000] 1.000001: map: ...": trace-cmd report prints
    // no flag column by default.
    private static string RemoveFlags(string line) => Regex.Replace(line, @"(\[\d{3}\]) [^ ]{4,5} ", "$1 ");

    private static string Normalise(string line) => Regex.Replace(line.Trim(), @"\s+", " ");
}
