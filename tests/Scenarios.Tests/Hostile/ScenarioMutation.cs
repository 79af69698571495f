using System.Text;
using System.Text.RegularExpressions;

namespace IommuSim.Scenarios.Tests.Hostile;

/// <summary>What a <see cref="ScenarioMutation"/> does to a scenario's text.</summary>
public enum MutationKind
{
    /// <summary>Removes a line: a key lost, a list item gone, a block left without its parent.</summary>
    DeleteLine,
    /// <summary>Repeats a line: a duplicate key, a list item twice.</summary>
    DuplicateLine,
    /// <summary>Swaps a line with the next: keys under the wrong parent.</summary>
    SwapWithNext,
    /// <summary>Gives a key a value of another type (list, map, string, null, alias, tag, broken syntax).</summary>
    Retype,
    /// <summary>Replaces a number (keeping its unit) by an extreme one: 0, negative, huge, tiny, infinite, not a number.</summary>
    ExtremeNumber,
    /// <summary>Inserts control, format, combining, astral or lone-surrogate characters, or YAML punctuation.</summary>
    InsertCharacters,
    /// <summary>Adds or removes indentation, or indents with a tab.</summary>
    Reindent,
    /// <summary>Cuts the file short, mid-token as likely as not.</summary>
    Truncate,
    /// <summary>Inserts bytes that are not UTF-8 (or a byte-order mark where none belongs).</summary>
    InvalidUtf8,
}

/// <summary>
/// One random edit of a scenario file, as a careless or hostile user makes it. <see cref="Line"/>,
/// <see cref="Choice"/> and <see cref="Offset"/> are taken modulo what the text offers, so any values apply to any file.
/// </summary>
public sealed record ScenarioMutation(MutationKind Kind, int Line, int Choice, int Offset)
{
    private static readonly string[] OtherTypes =
    [
        "[1, 2]", "{a: 1}", "\"text\"", "true", "null", "~", "\"\"", "[]", "{}", "-1", "*undefined", "&a [*a]",
        "!!binary AAAA", "!tag 3", "'", "\"unterminated", "{", "[", "|", ">-", "? complex", "1_000", "2000-01-01",
        "<<: *x", "- item", "a: b: c", "1GiB", "5Mbps", "1ns", "strict", "0:0.0",
    ];

    private static readonly string[] Extremes =
    [
        "0", "-1", "-0", "1e308", "1e-308", "1e999", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "4294967296", "2147483648", "99999999999999999999999999", "0.0000000001", "1.5", "0x7fffffff", ".inf", "-.inf",
        ".nan", "1e6", "65536", "255", "256", "1023", "1024",
    ];

    private static readonly string[] Characters =
    [
        "\0", "\u0001", "\u0007", "\b", "\t", "\r", "\u000b", "\u000c", "\u001b[31m", "\u0085", "\u2028", "\u202e",
        "\ufeff", "\U0001F600", "é", "\u0301", "\ud800", "\udc00", "\"", "'", "#", ": ", "- ", "&a ", "*a", "{", "}",
        "[", "]", "%", "@", "`", "|", "\n", "\n  ", "\u3000", "\uFFFE",
    ];

    private static readonly byte[][] Bytes =
    [
        [0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF],
        [0xFF, 0xFE], [0x00, 0x00, 0xFE, 0xFF],
    ];

    private static readonly Regex Number = new(@"-?\d+(\.\d+)?([eE][+-]?\d+)?", RegexOptions.CultureInvariant);

    // "  - key: value" -> ("  - key:", "value"); a line with no key is all value after its indentation and dash.
    private static readonly Regex KeyValue = new(@"^(\s*(?:- )?[^:#\s][^:#]*:)(\s.*)?$", RegexOptions.CultureInvariant);

    /// <summary>The edited lines (text mutations); <see cref="MutationKind.InvalidUtf8"/> and <see cref="MutationKind.Truncate"/> leave them.</summary>
    public void ApplyTo(List<string> lines)
    {
        if (lines.Count == 0) lines.Add("");
        int i = Line % lines.Count;
        string line = lines[i];
        switch (Kind)
        {
            case MutationKind.DeleteLine:
                lines.RemoveAt(i);
                break;
            case MutationKind.DuplicateLine:
                lines.Insert(i, line);
                break;
            case MutationKind.SwapWithNext when i + 1 < lines.Count:
                (lines[i], lines[i + 1]) = (lines[i + 1], line);
                break;
            case MutationKind.Retype:
                lines[i] = WithValue(line, OtherTypes[Choice % OtherTypes.Length]);
                break;
            case MutationKind.ExtremeNumber:
                var numbers = Number.Matches(line);
                string extreme = Extremes[Choice % Extremes.Length];
                if (numbers.Count == 0) lines[i] = WithValue(line, extreme);
                else
                {
                    var m = numbers[Offset % numbers.Count];
                    lines[i] = line[..m.Index] + extreme + line[(m.Index + m.Length)..];
                }
                break;
            case MutationKind.InsertCharacters:
                int at = Offset % (line.Length + 1);
                lines[i] = line[..at] + Characters[Choice % Characters.Length] + line[at..];
                break;
            case MutationKind.Reindent:
                lines[i] = (Choice % 4) switch
                {
                    0 => " " + line,
                    1 => "   " + line,
                    2 => "\t" + line,
                    _ => line.StartsWith(' ') ? line[1..] : line,
                };
                break;
        }
    }

    /// <summary>The edited bytes (byte mutations) of the file's UTF-8 text.</summary>
    public byte[] ApplyTo(byte[] file)
    {
        switch (Kind)
        {
            case MutationKind.Truncate:
                return file[..(Offset % (file.Length + 1))];
            case MutationKind.InvalidUtf8:
                int at = Offset % (file.Length + 1);
                return [.. file[..at], .. Bytes[Choice % Bytes.Length], .. file[at..]];
            default:
                return file;
        }
    }

    /// <summary>Applies <paramref name="mutations"/> in order to <paramref name="text"/>: the file's bytes.</summary>
    public static byte[] Apply(string text, IEnumerable<ScenarioMutation> mutations)
    {
        var list = mutations.ToList();
        var lines = text.Split('\n').ToList();
        foreach (var m in list) m.ApplyTo(lines);
        // Lone surrogates become U+FFFD here, as any editor saving UTF-8 would write them.
        byte[] file = new UTF8Encoding(false, false).GetBytes(string.Join('\n', lines));
        foreach (var m in list) file = m.ApplyTo(file);
        return file;
    }

    private static string WithValue(string line, string value)
    {
        var m = KeyValue.Match(line);
        if (m.Success) return m.Groups[1].Value + " " + value;
        int indent = line.Length - line.TrimStart(' ').Length;
        string rest = line[indent..];
        return line[..indent] + (rest.StartsWith("- ", StringComparison.Ordinal) ? "- " : "") + value;
    }
}
