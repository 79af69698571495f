using IommuSim.Devices.Replay;

namespace IommuSim.Tests.Devices.Replay;

/// <summary>
/// The readers stream: a million-line trace costs, beyond the strings its lines are read into, no allocation per
/// record and no exception. The lines come from a generator, so the file is never in memory; the generator's own
/// allocation is measured by draining it alone, and subtracted.
/// </summary>
public class TraceStreamingTests
{
    private const int Lines = 1_000_000;

    // Builds each line in a reused buffer, so that a line costs exactly its string, whatever the JIT does with formatting.
    private abstract class GeneratedLines(int lines, string first) : TextReader
    {
        private readonly char[] _buffer = new char[256];
        private int _length, _next = -1;

        public override string? ReadLine()
        {
            int i = _next++;
            if (i >= lines) return null;
            if (i < 0) return first;
            _length = 0;
            Write(i);
            return new string(_buffer, 0, _length);
        }

        protected abstract void Write(int i);

        protected void Text(string text)
        {
            text.CopyTo(_buffer.AsSpan(_length));
            _length += text.Length;
        }

        protected void Number(long value, string format = "")
        {
            value.TryFormat(_buffer.AsSpan(_length), out int written, format, System.Globalization.CultureInfo.InvariantCulture);
            _length += written;
        }
    }

    // Times rise (i.(i mod 10) us); sizes alternate between bytes and KiB; four devices.
    private sealed class GeneratedCsv(int rows) : GeneratedLines(rows, "time,device,iova,size,direction")
    {
        protected override void Write(int i)
        {
            Number(i); Text("."); Number(i % 10); Text("us,nic"); Number(i & 3); Text(",0x"); Number((long)i << 12, "x");
            Text((i & 1) == 0 ? ",4096,read" : ",4KiB,write");
        }
    }

    // Current-kernel maps and unmaps with five flag columns, a thousand a (simulated) second.
    private sealed class GeneratedFtrace(int events) : GeneratedLines(events, "# tracer: nop")
    {
        protected override void Write(int i)
        {
            long iova = (long)(i & ~1) << 12;
            Text("            bash-1733  [00"); Number(i & 7); Text("] ..... "); Number(100 + i / 1000); Text("."); Number(i % 1000, "D6");
            Text((i & 1) == 0 ? ": map: IOMMU: iova=0x" : ": unmap: IOMMU: iova=0x"); Number(iova, "x16"); Text(" - 0x"); Number(iova + 4096, "x16");
            if ((i & 1) == 0) { Text(" paddr=0x"); Number(iova, "x16"); Text(" size=4096"); }
            else Text(" size=4096 unmapped_size=4096");
        }
    }

    private static long Drain(TextReader reader)
    {
        long lines = 0;
        while (reader.ReadLine() is not null) lines++;
        return lines;
    }

    [Fact]
    public void A_million_line_csv_streams_with_no_allocation_per_record_and_no_exception() =>
        AssertStreams(() => new GeneratedCsv(Lines), text =>
        {
            var reader = new DmaTraceCsvReader(text);
            while (reader.Read(out _)) { }
            return (reader.Records, reader.ProblemCount);
        });

    [Fact]
    public void A_million_line_ftrace_text_streams_with_no_allocation_per_record_and_no_exception() =>
        AssertStreams(() => new GeneratedFtrace(Lines), text =>
        {
            var reader = new FtraceIommuReader(text);
            while (reader.Read(out _)) { }
            return (reader.Records, reader.ProblemCount);
        });

    // Reads the whole generated trace with readAll, which returns the reader's record and problem counts.
    private static void AssertStreams(Func<TextReader> generate, Func<TextReader, (long Records, long Problems)> readAll)
    {
        long generatorBytes = Measure(() => Drain(generate()), out _);
        (long Records, long Problems) read = default;
        long readerBytes = Measure(() => read = readAll(generate()), out int exceptions);
        Assert.Equal(0, read.Problems);
        Assert.Equal(Lines, read.Records);
        Assert.Equal(0, exceptions);
        double perRecord = (readerBytes - generatorBytes) / (double)Lines;
        Assert.True(perRecord < 1.0, $"{perRecord:F3} bytes allocated per record beyond the line strings");
    }

    // Bytes allocated on this thread by the action, and the exceptions thrown on this thread meanwhile (caught or not).
    private static long Measure(Action action, out int exceptions)
    {
        int thread = Environment.CurrentManagedThreadId;
        int thrown = 0;
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, _) =>
        {
            if (Environment.CurrentManagedThreadId == thread) Interlocked.Increment(ref thrown);
        };
        AppDomain.CurrentDomain.FirstChanceException += count;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try { action(); }
        finally { AppDomain.CurrentDomain.FirstChanceException -= count; }
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        exceptions = thrown;
        return bytes;
    }
}
