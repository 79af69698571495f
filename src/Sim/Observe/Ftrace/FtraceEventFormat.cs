namespace IommuSim.Observe.Ftrace;

/// <summary>
/// What <c>/sys/kernel/tracing/events/iommu/&lt;event&gt;/format</c> describes: the event's name and id,
/// the common fields, its own fields and the <c>print fmt</c> line.
/// </summary>
public sealed class FtraceEventFormat
{
    /// <summary>
    /// The common fields every record starts with (kernel/trace/trace_events.c <c>trace_define_common_fields</c>,
    /// struct trace_entry): type u16 at 0, flags u8 at 2, preempt count u8 at 3, pid int at 4.
    /// </summary>
    public static IReadOnlyList<FtraceField> CommonFields { get; } =
    [
        new("unsigned short", "common_type", 0, 2, false),
        new("unsigned char", "common_flags", 2, 1, false),
        new("unsigned char", "common_preempt_count", 3, 1, false),
        new("int", "common_pid", 4, 4, true),
    ];

    /// <summary>Size of the common fields (struct trace_entry).</summary>
    public const int CommonSize = 8;

    /// <summary>Creates the format of one event.</summary>
    /// <param name="name">The event's name, e.g. <c>map</c>.</param>
    /// <param name="id">The event's type id (<c>common_type</c>).</param>
    /// <param name="fields">The event's own fields, in record order, after the common ones.</param>
    /// <param name="structSize"><c>sizeof</c> the kernel's record struct (fixed part rounded to its alignment).</param>
    /// <param name="dataOffset"><c>offsetof(__data)</c>: where the first string's bytes start.</param>
    /// <param name="printFormat">The text after <c>print fmt: </c>.</param>
    public FtraceEventFormat(string name, ushort id, IReadOnlyList<FtraceField> fields, int structSize, int dataOffset,
        string printFormat)
    {
        Name = name;
        Id = id;
        Fields = fields;
        StructSize = structSize;
        DataOffset = dataOffset;
        PrintFormat = printFormat;
    }

    /// <summary>The event's name in the <c>iommu</c> system.</summary>
    public string Name { get; }

    /// <summary>The event's type id, written to <c>common_type</c>.</summary>
    public ushort Id { get; }

    /// <summary>The event's own fields (without the common ones).</summary>
    public IReadOnlyList<FtraceField> Fields { get; }

    /// <summary>
    /// <c>sizeof(struct trace_event_raw_&lt;class&gt;)</c>: the kernel reserves this plus the string bytes, so
    /// a record may end with alignment padding before its strings' end.
    /// </summary>
    public int StructSize { get; }

    /// <summary><c>offsetof(struct trace_event_raw_&lt;class&gt;, __data)</c>, where dynamic strings start.</summary>
    public int DataOffset { get; }

    /// <summary>The print format: the quoted TP_printk format, then its arguments with <c>REC-&gt;</c>.</summary>
    public string PrintFormat { get; }

    /// <summary>The field named <paramref name="name"/>.</summary>
    public FtraceField Field(string name)
    {
        foreach (var field in Fields)
            if (field.Name == name) return field;
        throw new ArgumentException($"event {Name} has no field '{name}'", nameof(name));
    }

    /// <summary>The whole format file as the kernel prints it, newline-terminated lines.</summary>
    public string FormatFile()
    {
        var text = new System.Text.StringBuilder();
        text.Append("name: ").Append(Name).Append('\n');
        text.Append("ID: ").Append(Id).Append('\n');
        text.Append("format:\n");
        foreach (var field in CommonFields) text.Append(field.FormatLine()).Append('\n');
        text.Append('\n');
        foreach (var field in Fields) text.Append(field.FormatLine()).Append('\n');
        text.Append('\n');
        text.Append("print fmt: ").Append(PrintFormat).Append('\n');
        return text.ToString();
    }
}
