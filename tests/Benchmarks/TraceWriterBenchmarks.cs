using BenchmarkDotNet.Attributes;
using IommuSim.Observe;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Benchmarks;

/// <summary>
/// Trace writers per event: ftrace text lines into a discarding writer (formatting alone) and through UTF-8
/// encoding, and raw records into
/// version 7 .dat pages (spooling and <c>Complete()</c> included, to a memory stream), over the synthetic stream of
/// <see cref="TraceWriterBenchmark"/>. Appending should allocate nothing; a .dat's Complete allocates its metadata once.
/// </summary>
[MemoryDiagnoser]
public class TraceWriterBenchmarks
{
    /// <summary>Events per invocation.</summary>
    public const int Events = 200_000;

    private readonly TraceDatContent _content = TraceWriterBenchmark.DatContent();
    private readonly MemoryStream _dat = new();
    private string _spool = null!;

    [GlobalSetup]
    public void Setup() => _spool = Directory.CreateTempSubdirectory("iommusim-bdn-trace-").FullName;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_spool, recursive: true);

    /// <summary>Formats each event as an ftrace line; the characters go to <see cref="TextWriter.Null"/>.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void TextLine() => TraceWriterBenchmark.WriteText(Events, TextWriter.Null);

    /// <summary>As <see cref="TextLine"/>, UTF-8 encoded by a 64 Ki-character <see cref="StreamWriter"/> into <see cref="Stream.Null"/>.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void TextLineEncoded()
    {
        using var text = new StreamWriter(Stream.Null, new System.Text.UTF8Encoding(false), 1 << 16);
        TraceWriterBenchmark.WriteText(Events, text);
    }

    /// <summary>Appends each event's raw record to ring-buffer pages, then writes the whole v7 file.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long DatRecord() => WriteDat(TraceDatCompression.None);

    /// <summary>As <see cref="DatRecord"/>, compressed with zstd.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long DatZstdRecord() => WriteDat(TraceDatCompression.Zstd);

    private long WriteDat(TraceDatCompression compression)
    {
        _dat.SetLength(0);
        using var writer = new TraceDatWriter(_dat, _content, TraceDatVersion.V7, compression, _spool);
        TraceWriterBenchmark.AppendDat(Events, writer);
        writer.Complete();
        return _dat.Length;
    }
}
