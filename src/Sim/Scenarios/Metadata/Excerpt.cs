using System.Globalization;
using System.Text;
using IommuSim.Model.Spec;

namespace IommuSim.Scenarios.Metadata;

/// <summary>
/// Text from the input (a value, a key, a name) as a message quotes it: whole when short, else its start and its
/// length, so that a 3 MB value gives a line the user can read rather than 3 MB of terminal.
/// </summary>
internal static class Excerpt
{
    /// <summary>The most characters quoted: every key and name of a real scenario fits, and so does a long description's first line.</summary>
    public const int MaxLength = 80;

    /// <summary><paramref name="text"/>, or its first <paramref name="maxLength"/> characters and "... (N characters)".</summary>
    /// <remarks>Characters that would break the line or act on the terminal are escaped (<see cref="Printable"/>).</remarks>
    public static string Of(string text, int maxLength = MaxLength)
    {
        if (text.Length <= maxLength) return Printable(text);
        // Never split a surrogate pair: half a character would print as garbage.
        int cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return string.Create(CultureInfo.InvariantCulture, $"{Printable(text[..cut])}... ({text.Length:N0} characters)");
    }

    /// <summary>
    /// <paramref name="text"/> with what must not reach a terminal raw written as escapes: line breaks (<c>\n</c>,
    /// <c>\r</c>, U+2028), tabs, NUL, other control characters (an ESC starts a terminal command), format characters
    /// (a right-to-left override reorders the rest of the line), lone surrogates and non-characters as <c>\uXXXX</c> (<c>\UXXXXXXXX</c> beyond the BMP).
    /// A message about one value then stays one line, and shows what the file holds.
    /// </summary>
    public static string Printable(string text)
    {
        int first = 0;
        while (first < text.Length && !NeedsEscape(text, first)) first += char.IsSurrogatePair(text, first) ? 2 : 1;
        if (first == text.Length) return text;
        var printable = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                if (NeedsEscape(text, i)) printable.Append($"\\U{char.ConvertToUtf32(text, i):X8}");
                else printable.Append(text, i, 2);
                i++;
                continue;
            }
            char c = text[i];
            if (!NeedsEscape(text, i)) printable.Append(c);
            else printable.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ => $"\\u{(int)c:X4}",
            });
        }
        return printable.ToString();
    }

    // What names may not hold (SpecName), and lone surrogates, which are no character at all.
    private static bool NeedsEscape(string text, int i) =>
        !Rune.TryGetRuneAt(text, i, out var rune) || !SpecName.IsPrintable(rune);

    /// <summary>The most characters of a path quoted; a path's end names what it is, so both ends are kept.</summary>
    public const int MaxPathLength = 240;

    /// <summary>
    /// <paramref name="path"/>, or its first and last <see cref="MaxPathLength"/>/2 characters around "..." and its
    /// length: a path the operating system refuses as too long still gives a message that fits a line.
    /// </summary>
    public static string OfPath(string path)
    {
        if (path.Length <= MaxPathLength) return path;
        int half = MaxPathLength / 2;
        int head = char.IsHighSurrogate(path[half - 1]) ? half - 1 : half;
        int tail = char.IsLowSurrogate(path[^half]) ? half - 1 : half;
        return string.Create(CultureInfo.InvariantCulture, $"{path[..head]}...{path[^tail..]} ({path.Length:N0} characters)");
    }
}
