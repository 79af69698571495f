using System.Globalization;
using System.Text;

namespace IommuSim.Model.Spec;

/// <summary>
/// What may name a scenario, a device, a VM or a variant. Names label output rows, table columns, trace events and
/// report headings, so a name must print as written on one line: no control characters (an ESC would reach the
/// user's terminal as a command), no format characters (a right-to-left override reorders the rest of a line), no
/// line breaks, no leading or trailing space, and short enough to head a column.
/// </summary>
public static class SpecName
{
    /// <summary>
    /// The longest name: convention. Real names are a few characters (nic0, vf17, strict-4k); 64 leaves room for
    /// descriptive ones and keeps a table column or a CSV field readable.
    /// </summary>
    public const int MaxLength = 64;

    /// <summary>What a name must be, for messages.</summary>
    public const string Expected = "expected a name of 1 to 64 printable characters without leading or trailing spaces";

    /// <summary>Why <paramref name="name"/> cannot be a name, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return $"the name is empty; {Expected}";
        if (name.Length > MaxLength) return $"the name is {name.Length:N0} characters long; {Expected}";
        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1])) return $"the name starts or ends with a space; {Expected}";
        int position = 0;
        foreach (var rune in EnumerateRunesOrInvalid(name))
        {
            position++;
            if (rune is not { } r) return $"character {position} of the name is half of a UTF-16 surrogate pair; {Expected}";
            if (!IsPrintable(r)) return $"character {position} of the name is U+{r.Value:X4}, which does not print; {Expected}";
        }
        return null;
    }

    /// <summary>
    /// False for what does not print as itself on one line: control characters (Cc), format characters (Cf),
    /// line and paragraph separators, and noncharacters (U+FFFE, U+FFFF and their kin in every plane).
    /// </summary>
    public static bool IsPrintable(Rune rune) =>
        (rune.Value & 0xFFFE) != 0xFFFE && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);

    // Runes, with null for a lone surrogate (string.EnumerateRunes would turn it into U+FFFD silently).
    private static IEnumerable<Rune?> EnumerateRunesOrInvalid(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (Rune.TryGetRuneAt(text, i, out var rune))
            {
                yield return rune;
                if (rune.Utf16SequenceLength == 2) i++;
            }
            else yield return null;
        }
    }
}
