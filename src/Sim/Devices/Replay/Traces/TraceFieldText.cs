using System.Globalization;
using IommuSim.Kernel;
using IommuSim.Units;

namespace IommuSim.Devices.Replay;

/// <summary>
/// Parses the fields of trace lines from spans, so that a valid line costs no allocation beyond the line itself.
/// Times and sizes follow the project's quantity grammar (<see cref="SimTime.TryParse"/>, <see cref="ByteSize.TryParse"/>):
/// the common spellings are parsed here from the span, and anything else is handed to those parsers, which
/// decide and explain (allocating only then).
/// </summary>
internal static class TraceFieldText
{
    // The units SimTime and ByteSize accept; a unit missing here still parses, through the string parsers.
    private static readonly (string Unit, long Scale)[] TimeUnits =
    [
        ("ps", 1), ("ns", SimTime.PsPerNs), ("us", SimTime.PsPerUs), ("µs", SimTime.PsPerUs), ("ms", SimTime.PsPerMs), ("s", SimTime.PsPerS),
    ];

    private static readonly (string Unit, long Scale)[] SizeUnits =
    [
        ("B", 1),
        ("K", ByteSize.BytesPerKiB), ("KB", ByteSize.BytesPerKiB), ("KiB", ByteSize.BytesPerKiB),
        ("M", ByteSize.BytesPerMiB), ("MB", ByteSize.BytesPerMiB), ("MiB", ByteSize.BytesPerMiB),
        ("G", ByteSize.BytesPerGiB), ("GB", ByteSize.BytesPerGiB), ("GiB", ByteSize.BytesPerGiB),
        ("T", ByteSize.BytesPerTiB), ("TB", ByteSize.BytesPerTiB), ("TiB", ByteSize.BytesPerTiB),
    ];

    /// <summary>A time with a unit (<c>1.5us</c>, <c>200ns</c>, <c>2s</c>), exactly as <see cref="SimTime.TryParse"/> reads it.</summary>
    public static bool TryParseTime(ReadOnlySpan<char> text, out SimTime value, out string error)
    {
        if (TryScaled(text, TimeUnits, out long ps))
        {
            value = new SimTime(ps);
            error = "";
            return true;
        }
        return SimTime.TryParse(text.ToString(), out value, out error);
    }

    /// <summary>A size: a whole number of bytes (<c>4096</c>) or a size with a unit as <see cref="ByteSize.TryParse"/> reads it (<c>4KiB</c>).</summary>
    public static bool TryParseSize(ReadOnlySpan<char> text, out ByteSize value, out string error)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) || TryScaled(text, SizeUnits, out bytes))
        {
            value = new ByteSize(bytes);
            error = "";
            return true;
        }
        if (text.Length > 0 && char.IsAsciiDigit(text[^1]))
        {
            // All digits but not a long, or digits with other characters: not a byte count; say so rather than "no unit".
            value = default;
            error = $"expected a whole number of bytes or a size with a unit (e.g. 4096 or 4KiB); got '{text}'";
            return false;
        }
        return ByteSize.TryParse(text.ToString(), out value, out error);
    }

    /// <summary>A hexadecimal number with its <c>0x</c> prefix and 1 to 16 digits, as ftrace and the CSV write addresses.</summary>
    public static bool TryParseHex(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.Length < 3 || text.Length > 18 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return false;
        return ulong.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A whole decimal number, digits only (<c>%zu</c>).</summary>
    public static bool TryParseCount(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Seconds with a fraction of 1 to 12 digits, as ftrace prints its timestamps (<c>%5lu.%06lu</c>, or nanoseconds
    /// from trace-cmd): exact to the picosecond. False for a raw clock count without a point, or beyond a SimTime.
    /// </summary>
    public static bool TryParseSeconds(ReadOnlySpan<char> text, out SimTime value)
    {
        value = default;
        int dot = text.IndexOf('.');
        if (dot <= 0 || dot == text.Length - 1 || text.Length - dot - 1 > 12) return false;
        if (!long.TryParse(text[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)) return false;
        var fraction = text[(dot + 1)..];
        if (!long.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out long digits)) return false;
        for (int i = fraction.Length; i < 12; i++) digits *= 10;
        if (seconds > (long.MaxValue - digits) / SimTime.PsPerS) return false;
        value = new SimTime(seconds * SimTime.PsPerS + digits);
        return true;
    }

    // "number unit" in the base unit, for the plain spellings only (no sign); false hands the text to the string parser.
    private static bool TryScaled(ReadOnlySpan<char> text, (string Unit, long Scale)[] units, out long value)
    {
        value = 0;
        int i = text.Length;
        while (i > 0 && char.IsLetter(text[i - 1])) i--;
        var unit = text[i..];
        var number = text[..i].TrimEnd();
        if (unit.Length == 0 || number.Length == 0) return false;
        long scale = 0;
        foreach (var (u, k) in units)
            if (unit.SequenceEqual(u)) { scale = k; break; }
        if (scale == 0) return false;
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d)) return false;
        if (d > long.MaxValue / scale) return false;
        decimal scaled = d * scale;
        if (scaled != decimal.Truncate(scaled)) return false;
        value = (long)scaled;
        return true;
    }
}
