namespace IommuSim.Devices.Replay;

/// <summary>
/// The text the kernel prints for <c>iommu:map</c> and <c>iommu:unmap</c> (include/trace/events/iommu.h, TP_printk),
/// in both generations:
/// <list type="bullet">
/// <item>current (v6.3 on), with the range's end: <c>IOMMU: iova=0x%016llx - 0x%016llx paddr=0x%016llx size=%zu</c> and
/// <c>IOMMU: iova=0x%016llx - 0x%016llx size=%zu unmapped_size=%zu</c>, the end printed as <c>iova + size</c>;</item>
/// <item>earlier: <c>IOMMU: iova=0x%016llx paddr=0x%016llx size=%zu</c> and <c>IOMMU: iova=0x%016llx size=%zu unmapped_size=%zu</c>.</item>
/// </list>
/// </summary>
internal static class IommuEventText
{
    private const string MapCurrent = "IOMMU: iova=0x... - 0x... paddr=0x... size=N";
    private const string UnmapCurrent = "IOMMU: iova=0x... - 0x... size=N unmapped_size=N";

    /// <summary>
    /// Reads the text of a map or unmap event starting at <paramref name="start"/> (0-based) in <paramref name="line"/>.
    /// For map, <paramref name="second"/> is paddr; for unmap, unmapped_size. False with the column and an explanation otherwise.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> line, int start, IommuTraceEventKind kind,
        out ulong iova, out ulong size, out ulong second, out int column, out string message)
    {
        iova = size = second = 0;
        string layout = kind == IommuTraceEventKind.Map ? MapCurrent : UnmapCurrent;
        var cursor = new TraceLineCursor(line, start);
        var token = cursor.Token(out column);
        if (!token.SequenceEqual("IOMMU:"))
        {
            message = token.IsEmpty ? $"the line ends early: expected '{layout}'" : $"expected 'IOMMU:' ({layout}), found '{token}'";
            return false;
        }
        if (!Field(ref cursor, "iova=", hex: true, layout, out iova, out column, out message)) return false;

        // The current generation prints the end of the range, " - 0x...", before the other fields.
        var afterIova = cursor;
        bool hasEnd = cursor.Token(out _).SequenceEqual("-");
        ulong end = 0;
        int endColumn = 0;
        if (hasEnd)
        {
            if (!Field(ref cursor, "", hex: true, layout, out end, out endColumn, out message)) { column = endColumn; return false; }
        }
        else cursor = afterIova;

        if (kind == IommuTraceEventKind.Map)
        {
            if (!Field(ref cursor, "paddr=", hex: true, layout, out second, out column, out message)) return false;
            if (!Field(ref cursor, "size=", hex: false, layout, out size, out column, out message)) return false;
        }
        else
        {
            if (!Field(ref cursor, "size=", hex: false, layout, out size, out column, out message)) return false;
            if (!Field(ref cursor, "unmapped_size=", hex: false, layout, out second, out column, out message)) return false;
        }
        if (!cursor.AtEnd)
        {
            cursor.Token(out column);
            message = $"unexpected text after the last field ({layout})";
            return false;
        }
        if (hasEnd && end != unchecked(iova + size))
        {
            column = endColumn;
            message = $"the range end 0x{end:x16} is not iova + size (0x{unchecked(iova + size):x16}), as the kernel prints it";
            return false;
        }
        column = 0;
        message = "";
        return true;
    }

    // One "key=value" token; the column of a bad value is where the value starts.
    private static bool Field(ref TraceLineCursor cursor, string key, bool hex, string layout, out ulong value, out int column, out string message)
    {
        value = 0;
        var token = cursor.Token(out column);
        if (token.IsEmpty)
        {
            message = $"the line ends early: expected {Expected(key)} ({layout})";
            return false;
        }
        if (!token.StartsWith(key, StringComparison.Ordinal))
        {
            message = $"expected {Expected(key)} ({layout}), found '{token}'";
            return false;
        }
        var text = token[key.Length..];
        column += key.Length;
        bool ok = hex ? TraceFieldText.TryParseHex(text, out value) : TraceFieldText.TryParseCount(text, out value);
        message = ok ? "" : hex
            ? $"expected a hexadecimal number after {(key.Length == 0 ? "'- '" : $"'{key}'")} (0x and up to 16 digits), found '{text}'"
            : $"expected a whole number of bytes after '{key}', found '{text}'";
        return ok;
    }

    private static string Expected(string key) => key.Length == 0 ? "the range end 0x..." : $"'{key}'";
}
