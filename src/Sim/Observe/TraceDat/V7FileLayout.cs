namespace IommuSim.Observe.TraceDat;

/// <summary>
/// A version 7 file (man 5 trace-cmd.dat.v7): initial format, compression header, the offset of the options
/// section, then sections: strings, header info, ftrace events, event formats, kallsyms, printk, cmdlines, the
/// flyrecord buffer (each CPU's data page aligned) and last the options section that locates them all. With zstd
/// every section but the options is compressed, and the buffer's CPU data is written as chunks of ten pages.
/// </summary>
internal static class V7FileLayout
{
    // Section and option ids: enum tracecmd_file_options in trace-cmd's trace-cmd-private.h.
    private const int OptionsSection = 0;
    private const int BufferId = 3;
    private const int TraceClockId = 4;
    private const int CpuCountId = 8;
    private const int StringsId = 15;
    private const int HeaderInfoId = 16;
    private const int FtraceEventsId = 17;
    private const int EventFormatsId = 18;
    private const int KallsymsId = 19;
    private const int PrintkId = 20;
    private const int CmdlinesId = 21;
    private const ushort CompressedFlag = 1;

    // trace-cmd's PAGES_IN_CHUNK (lib/trace-cmd/trace-output.c).
    private const int PagesInChunk = 10;

    private static readonly string[] Descriptions =
        ["strings", "headers", "ftrace events format", "events format", "kallsyms", "printk", "command lines",
         "buffer flyrecord ", "options"];

    public static void Write(DatOutput o, TraceDatContent c, IReadOnlyList<CpuPageSpool> cpus, ZstdBlocks? zstd)
    {
        InitialFormat.Write(o, TraceDatVersion.V7);
        o.CString(zstd is null ? "none" : "zstd");
        o.CString(zstd is null ? "" : ZstdBlocks.Version);
        long optionsAt = o.Position;
        o.U64(0);

        var options = new MemoryStream();
        var opt = new DatOutput(options);
        Section(o, zstd, StringsId, 0, StringsBody, c);
        OffsetOption(opt, HeaderInfoId, Section(o, zstd, HeaderInfoId, 1, MetadataBlocks.HeaderInfo, c));
        OffsetOption(opt, FtraceEventsId, Section(o, zstd, FtraceEventsId, 2, MetadataBlocks.FtraceEvents, c));
        OffsetOption(opt, EventFormatsId, Section(o, zstd, EventFormatsId, 3, MetadataBlocks.EventFormats, c));
        OffsetOption(opt, KallsymsId, Section(o, zstd, KallsymsId, 4, MetadataBlocks.Kallsyms, c));
        OffsetOption(opt, PrintkId, Section(o, zstd, PrintkId, 5, MetadataBlocks.Printk, c));
        OffsetOption(opt, CmdlinesId, Section(o, zstd, CmdlinesId, 6, MetadataBlocks.CommandLines, c));

        string clock = MetadataBlocks.TraceClockFile(c);
        opt.U16(TraceClockId);
        opt.U32(DatOutput.TextLength(clock) + 1);
        opt.CString(clock);
        opt.U16(CpuCountId);
        opt.U32(4);
        opt.U32(c.CpuCount);
        Buffer(o, opt, c, cpus, zstd);

        long optionsSection = o.Position;
        SectionHeader(o, OptionsSection, 0, Description(8));
        long size = o.Position;
        o.U64(0);
        o.Bytes(options.GetBuffer().AsSpan(0, (int)options.Length));
        o.U16(0);          // DONE
        o.U32(8);
        o.U64(0);          // no further options section
        o.PatchU64(size, o.Position - size - 8);
        o.PatchU64(optionsAt, optionsSection);
    }

    private static void Buffer(DatOutput o, DatOutput opt, TraceDatContent c, IReadOnlyList<CpuPageSpool> cpus, ZstdBlocks? zstd)
    {
        long section = o.Position;
        SectionHeader(o, BufferId, zstd is null ? (ushort)0 : CompressedFlag, Description(7));
        long sizeAt = o.Position;
        o.U64(0);
        var offsets = new long[cpus.Count];
        var sizes = new long[cpus.Count];
        for (int i = 0; i < cpus.Count; i++)
        {
            o.PadTo(RingBufferLayout.PageSize);
            offsets[i] = o.Position;
            if (cpus[i].Length > 0)
            {
                if (zstd is null) cpus[i].Pages.CopyTo(o.Stream);
                else Chunks(o, cpus[i], zstd);
            }
            sizes[i] = o.Position - offsets[i];
        }
        o.PatchU64(sizeAt, o.Position - sizeAt - 8);

        var body = new MemoryStream();
        var b = new DatOutput(body);
        b.U64(section);
        b.CString("");     // the top instance
        b.CString(c.TraceClock);
        b.U32(RingBufferLayout.PageSize);
        b.U32(cpus.Count);
        for (int i = 0; i < cpus.Count; i++)
        {
            b.U32(i);
            b.U64(offsets[i]);
            b.U64(sizes[i]);
        }
        opt.U16(BufferId);
        opt.U32(body.Length);
        opt.Bytes(body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    // u32 chunk count, then per chunk u32 compressed size, u32 uncompressed size, the zstd frame.
    private static void Chunks(DatOutput o, CpuPageSpool cpu, ZstdBlocks zstd)
    {
        const int chunkBytes = PagesInChunk * RingBufferLayout.PageSize;
        long length = cpu.Length;
        o.U32((length + chunkBytes - 1) / chunkBytes);
        var chunk = new byte[chunkBytes];
        for (long done = 0; done < length;)
        {
            int n = (int)Math.Min(chunkBytes, length - done);
            cpu.Pages.ReadExactly(chunk, 0, n);
            var packed = zstd.Compress(chunk.AsSpan(0, n));
            o.U32(packed.Length);
            o.U32(n);
            o.Bytes(packed);
            done += n;
        }
    }

    private static long Section(DatOutput o, ZstdBlocks? zstd, int id, int description,
        Action<DatOutput, TraceDatContent> body, TraceDatContent c)
    {
        var plain = new MemoryStream();
        body(new DatOutput(plain), c);
        var bytes = plain.GetBuffer().AsSpan(0, (int)plain.Length);
        long at = o.Position;
        if (zstd is null)
        {
            SectionHeader(o, id, 0, Description(description));
            o.U64(bytes.Length);
            o.Bytes(bytes);
        }
        else
        {
            var packed = zstd.Compress(bytes);
            SectionHeader(o, id, CompressedFlag, Description(description));
            o.U64(8 + packed.Length);
            o.U32(packed.Length);
            o.U32(bytes.Length);
            o.Bytes(packed);
        }
        return at;
    }

    private static void SectionHeader(DatOutput o, int id, ushort flags, int description)
    {
        o.U16(id);
        o.U16(flags);
        o.U32(description);
    }

    private static void OffsetOption(DatOutput opt, int id, long offset)
    {
        opt.U16(id);
        opt.U32(8);
        opt.U64(offset);
    }

    private static void StringsBody(DatOutput o, TraceDatContent c)
    {
        foreach (var d in Descriptions) o.CString(d);
    }

    // A description's id is its offset in the strings section.
    private static int Description(int index)
    {
        int offset = 0;
        for (int i = 0; i < index; i++) offset += Descriptions[i].Length + 1;
        return offset;
    }
}
