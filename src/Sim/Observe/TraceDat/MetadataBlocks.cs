using System.Text;

namespace IommuSim.Observe.TraceDat;

/// <summary>
/// The metadata blocks both file versions share, each as man 5 trace-cmd.dat.v6/v7 lays it out: in v6 they follow
/// one another after the initial format, in v7 each is the body of its own section.
/// </summary>
internal static class MetadataBlocks
{
    /// <summary>"header_page\0", u64 size, text; "header_event\0", u64 size, text.</summary>
    public static void HeaderInfo(DatOutput o, TraceDatContent c)
    {
        o.CString("header_page");
        o.U64(DatOutput.TextLength(c.HeaderPage));
        o.Text(c.HeaderPage);
        o.CString("header_event");
        o.U64(DatOutput.TextLength(c.HeaderEvent));
        o.Text(c.HeaderEvent);
    }

    /// <summary>u32 count, then per ftrace event format file: u64 size, text.</summary>
    public static void FtraceEvents(DatOutput o, TraceDatContent c)
    {
        o.U32(c.FtraceFormats.Count);
        foreach (var format in c.FtraceFormats)
        {
            o.U64(DatOutput.TextLength(format));
            o.Text(format);
        }
    }

    /// <summary>u32 systems; per system its NUL-terminated name, u32 count, per event: u64 size, format text.</summary>
    public static void EventFormats(DatOutput o, TraceDatContent c)
    {
        if (c.Events.Count == 0)
        {
            o.U32(0);
            return;
        }
        o.U32(1);
        o.CString(c.SystemName);
        o.U32(c.Events.Count);
        foreach (var e in c.Events)
        {
            o.U64(DatOutput.TextLength(e.Format));
            o.Text(e.Format);
        }
    }

    /// <summary>u32 size, /proc/kallsyms text.</summary>
    public static void Kallsyms(DatOutput o, TraceDatContent c)
    {
        o.U32(DatOutput.TextLength(c.Kallsyms));
        o.Text(c.Kallsyms);
    }

    /// <summary>u32 size, printk_formats text.</summary>
    public static void Printk(DatOutput o, TraceDatContent c)
    {
        o.U32(DatOutput.TextLength(c.PrintkFormats));
        o.Text(c.PrintkFormats);
    }

    /// <summary>u64 size, saved_cmdlines text: one "pid comm" line per task.</summary>
    public static void CommandLines(DatOutput o, TraceDatContent c)
    {
        var text = new StringBuilder();
        foreach (var line in c.CommandLines) text.Append(line.Pid).Append(' ').Append(line.Comm).Append('\n');
        string s = text.ToString();
        o.U64(DatOutput.TextLength(s));
        o.Text(s);
    }

    /// <summary>The trace_clock file's text with the chosen clock in brackets, as the kernel marks the current one.</summary>
    public static string TraceClockFile(TraceDatContent c) =>
        c.TraceClock == "local" ? "[local] global" : "local [global]";
}
