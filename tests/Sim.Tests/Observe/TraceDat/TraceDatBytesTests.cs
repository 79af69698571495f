using System.Buffers.Binary;
using System.Text;
using IommuSim.Observe.TraceDat;
using IommuSim.Tests.Support;

namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>
/// The writer's bytes read back by hand: page layout (commit, padding, time extends) against values worked out
/// from the kernel's ring-buffer encoding, determinism, and flat allocation.
/// </summary>
public sealed class TraceDatBytesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tracedat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Full_pages_end_in_padding_and_the_last_page_commits_only_its_events()
    {
        // 32-byte records take a 4-byte header plus 8 words: 36 bytes. 4080 / 36 = 113 per page (4068 bytes),
        // leaving 12: a padding event (type_len 29, delta 0) whose array[0] is 12 - 4 = 8. 1000 events fill
        // 8 pages and put 1000 - 904 = 96 (3456 bytes) on the ninth.
        byte[] file = Write(TraceDatVersion.V6, TraceDatCompression.None, cpus: 1, w =>
        {
            Span<byte> r = stackalloc byte[MapEventTrace.RecordSize];
            for (int i = 0; i < 1000; i++)
            {
                MapEventTrace.Encode(r, (ulong)i, 0, 0);
                w.Append(0, 10_000L * i, r);
            }
        });
        var (offset, size) = V6CpuData(file, 0);
        Assert.Equal(0, offset % 4096);
        Assert.Equal(9 * 4096, size);
        for (int p = 0; p < 8; p++)
        {
            var page = file.AsSpan((int)offset + 4096 * p, 4096);
            Assert.Equal(10_000UL * 113 * (ulong)p, BinaryPrimitives.ReadUInt64LittleEndian(page));
            Assert.Equal(4080UL, BinaryPrimitives.ReadUInt64LittleEndian(page[8..]));
            Assert.Equal(8u | (10_000u << 5), BinaryPrimitives.ReadUInt32LittleEndian(page[52..])); // second event: type_len 8, delta 10 us
            Assert.Equal(29u, BinaryPrimitives.ReadUInt32LittleEndian(page[(16 + 4068)..]));
            Assert.Equal(8u, BinaryPrimitives.ReadUInt32LittleEndian(page[(16 + 4072)..]));
        }
        var last = file.AsSpan((int)offset + 4096 * 8, 4096);
        Assert.Equal(3456UL, BinaryPrimitives.ReadUInt64LittleEndian(last[8..]));
        Assert.Equal(8u, BinaryPrimitives.ReadUInt32LittleEndian(last[16..]));  // first event: delta 0 from the page time
    }

    [Fact]
    public void A_delta_of_2_pow_27_ns_is_carried_by_a_time_extend_record()
    {
        long gap = (1L << 27) + 5;   // low 27 bits 5, upper bits 1
        byte[] file = Write(TraceDatVersion.V6, TraceDatCompression.None, cpus: 1, w =>
        {
            Span<byte> r = stackalloc byte[MapEventTrace.RecordSize];
            MapEventTrace.Encode(r, 1, 2, 3);
            w.Append(0, 1000, r);
            w.Append(0, 1000 + (1L << 27) - 1, r);
            w.Append(0, 1000 + (1L << 27) - 1 + gap, r);
        });
        var page = file.AsSpan((int)V6CpuData(file, 0).Offset, 4096);
        Assert.Equal(36UL * 3 + 8, BinaryPrimitives.ReadUInt64LittleEndian(page[8..]));
        Assert.Equal(8u | ((uint)((1L << 27) - 1) << 5), BinaryPrimitives.ReadUInt32LittleEndian(page[(16 + 36)..]));
        Assert.Equal(30u | (5u << 5), BinaryPrimitives.ReadUInt32LittleEndian(page[(16 + 72)..]));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(page[(16 + 76)..]));
        Assert.Equal(8u, BinaryPrimitives.ReadUInt32LittleEndian(page[(16 + 80)..]));   // the event itself: delta 0
    }

    [Fact]
    public void A_record_over_112_bytes_stores_its_length_in_array_0()
    {
        // type_len holds at most 28 words; a 114-byte record takes type_len 0, array[0] = 116 + 4, 116 bytes of data.
        byte[] file = Write(TraceDatVersion.V6, TraceDatCompression.None, cpus: 1, w =>
        {
            var r = new byte[114];
            r[0] = 0xd2; r[1] = 0x04;
            w.Append(0, 7, r);
        });
        var page = file.AsSpan((int)V6CpuData(file, 0).Offset, 4096);
        Assert.Equal(8UL + 116, BinaryPrimitives.ReadUInt64LittleEndian(page[8..]));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(page[16..]));
        Assert.Equal(120u, BinaryPrimitives.ReadUInt32LittleEndian(page[20..]));
    }

    [Theory]
    [InlineData(TraceDatVersion.V6, TraceDatCompression.None)]
    [InlineData(TraceDatVersion.V7, TraceDatCompression.None)]
    [InlineData(TraceDatVersion.V7, TraceDatCompression.Zstd)]
    public void The_same_input_gives_the_same_bytes(TraceDatVersion version, TraceDatCompression compression)
    {
        static void Events(TraceDatWriter w)
        {
            Span<byte> r = stackalloc byte[MapEventTrace.RecordSize];
            for (int i = 0; i < 500; i++)
            {
                MapEventTrace.Encode(r, (ulong)i << 12, (ulong)i << 20, 4096);
                w.Append(i % 2, 1000L * i, r);
            }
        }
        byte[] first = Write(version, compression, 2, Events);
        byte[] second = Write(version, compression, 2, Events);
        Assert.True(first.Length > 4096);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Appending_allocates_nothing_per_event_after_warm_up()
    {
        using var output = new MemoryStream();
        using var writer = new TraceDatWriter(output, MapEventTrace.Content(), spoolDirectory: _dir);
        var record = new byte[MapEventTrace.RecordSize];
        MapEventTrace.Encode(record, 1, 2, 3);
        long t = 0;
        void Batch()
        {
            // 2000 events per CPU: 17 sealed pages each, so the spool writes are measured too.
            for (int i = 0; i < 4000; i++) writer.Append(i & 1, t += 100, record);
        }
        Batch();
        long bytes = AllocationProbe.LeastBytes(Batch);
        // The page is reused and sealed pages go straight to an unbuffered file: nothing at all, let alone a page.
        Assert.Equal(0, bytes);
        writer.Complete();
    }

    [Fact]
    public void Inputs_the_format_cannot_hold_are_refused()
    {
        using var output = new MemoryStream();
        Assert.Throws<ArgumentException>(() => new TraceDatWriter(output, MapEventTrace.Content(), TraceDatVersion.V6, TraceDatCompression.Zstd, _dir));
        Assert.Throws<ArgumentException>(() => new TraceDatWriter(output, new TraceDatContent { CpuCount = 1, TraceClock = "x86-tsc" }, spoolDirectory: _dir));
        Assert.Throws<ArgumentException>(() => new TraceDatWriter(output,
            new TraceDatContent { CpuCount = 1, Events = [new TraceEventFormat("map", 7, MapEventTrace.Format)] }, spoolDirectory: _dir));
        using var writer = new TraceDatWriter(output, MapEventTrace.Content(), spoolDirectory: _dir);
        var record = new byte[MapEventTrace.RecordSize];
        writer.Append(0, 100, record);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Append(0, 99, record));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Append(2, 200, record));
        Assert.Throws<ArgumentException>(() => writer.Append(1, 200, new byte[4073]));
        writer.Append(1, 50, record);   // CPUs keep their own order
    }

    private byte[] Write(TraceDatVersion version, TraceDatCompression compression, int cpus, Action<TraceDatWriter> events)
    {
        using var output = new MemoryStream();
        using (var writer = new TraceDatWriter(output, MapEventTrace.Content(cpus), version, compression, _dir))
        {
            events(writer);
            writer.Complete();
        }
        return output.ToArray();
    }

    // A v6 file's CPU table follows "flyrecord\0": per CPU u64 offset, u64 size (man 5 trace-cmd.dat.v6).
    private static (long Offset, long Size) V6CpuData(byte[] file, int cpu)
    {
        int at = file.AsSpan().IndexOf(Encoding.ASCII.GetBytes("flyrecord\0")) + 10 + 16 * cpu;
        return ((long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at)), (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at + 8)));
    }
}
