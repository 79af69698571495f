using System.Diagnostics;
using System.Text;
using IommuSim.Observe.Ftrace;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Observe;

/// <summary>
/// The measurement behind <c>iommusim bench trace</c>: the same synthetic stream of iommu events (maps and unmaps
/// of 4 KiB to 64 KiB on 4 CPUs in NAPI softirq and task contexts, a few io_page_faults) written as ftrace text
/// through <see cref="FtraceTextWriter"/> and as version 7 .dat files through <see cref="TraceDatWriter"/>, plain
/// and zstd, each timed on its own.
/// </summary>
/// <remarks>
/// The timed span of each writer runs from opening its file to the end of the flush (<c>Complete()</c> for a .dat),
/// and includes producing the events, a few nanoseconds each; the process's CPU time is taken over the same span.
/// The files are deleted after each run.
/// </remarks>
public static class TraceWriterBenchmark
{
    private const ulong Seed = 0x10_4242;

    // Large enough that the text writer's per-call cost, not the file system's, is what the text run measures.
    private const int TextBufferChars = 1 << 16;

    /// <summary>
    /// Writes <paramref name="events"/> events with each writer into <paramref name="directory"/> after an untimed
    /// warm-up (a tenth of the events, at most 100,000) that lets the JIT finish optimising, and deletes the files.
    /// </summary>
    public static TraceWriterMeasurement Measure(long events, string directory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        ArgumentNullException.ThrowIfNull(directory);
        long warmup = Math.Min(100_000, Math.Max(1, events / 10));
        TimeText(warmup, directory);
        TimeDat(warmup, directory, TraceDatCompression.None);
        TimeDat(warmup, directory, TraceDatCompression.Zstd);
        var text = TimeText(events, directory);
        var dat = TimeDat(events, directory, TraceDatCompression.None);
        var zstd = TimeDat(events, directory, TraceDatCompression.Zstd);
        return new TraceWriterMeasurement(events, text.Bytes, text.Wall, dat.Bytes, dat.Wall, zstd.Bytes, zstd.Wall,
            text.Cpu, dat.Cpu, zstd.Cpu);
    }

    /// <summary>The static part of the benchmark's .dat: 4 CPUs, the current kernel's iommu formats, the task pids.</summary>
    public static TraceDatContent DatContent()
    {
        var formats = new List<TraceEventFormat>();
        foreach (var f in IommuEventFormats.All(FtraceProfile.Current)) formats.Add(new TraceEventFormat(f.Name, f.Id, f.FormatFile()));
        var commands = new List<TraceCommandLine>();
        foreach (var (pid, comm) in SyntheticIommuStream.TaskPids()) commands.Add(new TraceCommandLine(pid, comm));
        return new TraceDatContent { CpuCount = SyntheticIommuStream.Cpus, Events = formats, CommandLines = commands };
    }

    /// <summary>Writes the header and <paramref name="events"/> lines of the current kernel's text to <paramref name="output"/>.</summary>
    public static void WriteText(long events, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        FtraceHeader.Write(output, FtraceProfile.Current.Layout, events, events, SyntheticIommuStream.Cpus);
        var writer = new FtraceTextWriter(output, FtraceProfile.Current, TraceContext.Boot());
        var stream = new SyntheticIommuStream(Seed);
        for (long i = 0; i < events; i++)
        {
            stream.Advance();
            switch (stream.Kind)
            {
                case SyntheticEventKind.Map:
                    writer.MapContext = stream.Context;
                    writer.Write(stream.Map);
                    break;
                case SyntheticEventKind.Unmap:
                    writer.UnmapContext = stream.Context;
                    writer.Write(stream.Unmap);
                    break;
                default:
                    writer.FaultContext = stream.Context;
                    writer.Write(stream.Fault);
                    break;
            }
        }
    }

    /// <summary>Appends <paramref name="events"/> raw records to <paramref name="writer"/> (made with <see cref="DatContent"/>).</summary>
    public static void AppendDat(long events, TraceDatWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> record = stackalloc byte[128];
        var stream = new SyntheticIommuStream(Seed);
        for (long i = 0; i < events; i++)
        {
            stream.Advance();
            var context = stream.Context;
            int n = stream.Kind switch
            {
                SyntheticEventKind.Map => IommuRawRecords.EncodeMap(context, stream.Map, record),
                SyntheticEventKind.Unmap => IommuRawRecords.EncodeUnmap(context, stream.Unmap, record),
                _ => IommuRawRecords.EncodeIoPageFault(context, stream.Fault, record),
            };
            writer.Append(context.Cpu, stream.TimestampNs, record[..n]);
        }
    }

    private static (long Bytes, double Wall, double Cpu) TimeText(long events, string directory)
    {
        string path = Path.Combine(directory, "bench-trace.txt");
        try
        {
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            using (var text = new StreamWriter(file, new UTF8Encoding(false), TextBufferChars))
            {
                WriteText(events, text);
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            return (new FileInfo(path).Length, seconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (long Bytes, double Wall, double Cpu) TimeDat(long events, string directory, TraceDatCompression compression)
    {
        string path = Path.Combine(directory, compression == TraceDatCompression.Zstd ? "bench-trace.zstd.dat" : "bench-trace.dat");
        var content = DatContent();
        try
        {
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            using (var writer = new TraceDatWriter(file, content, TraceDatVersion.V7, compression, directory))
            {
                AppendDat(events, writer);
                writer.Complete();
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            return (new FileInfo(path).Length, seconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
