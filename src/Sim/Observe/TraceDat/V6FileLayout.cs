namespace IommuSim.Observe.TraceDat;

/// <summary>
/// A version 6 file (man 5 trace-cmd.dat.v6): initial format, header info, ftrace and event formats, kallsyms,
/// printk formats, cmdlines, the CPU count, an options block holding the trace clock, "flyrecord" with each CPU's
/// data offset and size, the trace_clock text, then each CPU's pages at a page-aligned offset.
/// </summary>
internal static class V6FileLayout
{
    private const int TraceClockOption = 4;

    public static void Write(DatOutput o, TraceDatContent c, IReadOnlyList<CpuPageSpool> cpus)
    {
        InitialFormat.Write(o, TraceDatVersion.V6);
        MetadataBlocks.HeaderInfo(o, c);
        MetadataBlocks.FtraceEvents(o, c);
        MetadataBlocks.EventFormats(o, c);
        MetadataBlocks.Kallsyms(o, c);
        MetadataBlocks.Printk(o, c);
        MetadataBlocks.CommandLines(o, c);
        o.U32(c.CpuCount);

        // The TRACECLOCK option tells the reader that the clock's text follows the CPU offsets.
        string clock = MetadataBlocks.TraceClockFile(c);
        o.CString("options  ");
        o.U16(TraceClockOption);
        o.U32(DatOutput.TextLength(clock) + 1);
        o.CString(clock);
        o.U16(0);

        o.CString("flyrecord");
        long table = o.Position;
        for (int i = 0; i < cpus.Count; i++)
        {
            o.U64(0);
            o.U64(0);
        }
        string current = "[" + c.TraceClock + "]";
        o.U64(DatOutput.TextLength(current));
        o.Text(current);

        for (int i = 0; i < cpus.Count; i++)
        {
            o.PadTo(RingBufferLayout.PageSize);
            long offset = o.Position;
            cpus[i].Pages.CopyTo(o.Stream);
            o.PatchU64(table + 16 * i, offset);
            o.PatchU64(table + 16 * i + 8, o.Position - offset);
        }
    }
}
