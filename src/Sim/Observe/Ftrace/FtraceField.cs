namespace IommuSim.Observe.Ftrace;

/// <summary>
/// One line of an event's format file: <c>field:TYPE NAME;	offset:N;	size:N;	signed:N;</c>.
/// </summary>
/// <param name="Type">The C type as the format file shows it, e.g. <c>u64</c> or <c>__data_loc char[]</c>.</param>
/// <param name="Name">The field's name.</param>
/// <param name="Offset">Byte offset from the start of the record (the common fields included).</param>
/// <param name="Size">Size in bytes (4 for a <c>__data_loc</c>: offset | length &lt;&lt; 16).</param>
/// <param name="Signed">The <c>signed:</c> value.</param>
public readonly record struct FtraceField(string Type, string Name, int Offset, int Size, bool Signed)
{
    /// <summary>True for a <c>__data_loc</c> string, whose bytes follow the fixed part of the record.</summary>
    public bool IsDataLoc => Type.StartsWith("__data_loc", StringComparison.Ordinal);

    /// <summary>The line as the format file prints it, with its leading tab and no newline.</summary>
    public string FormatLine() =>
        $"\tfield:{Type} {Name};\toffset:{Offset};\tsize:{Size};\tsigned:{(Signed ? 1 : 0)};";
}
