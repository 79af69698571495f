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
    public static string Of(string text, int maxLength = MaxLength)
    {
        if (text.Length <= maxLength) return text;
        // Never split a surrogate pair: half a character would print as garbage.
        int cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return $"{text[..cut]}... ({text.Length} characters)";
    }

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
        return $"{path[..head]}...{path[^tail..]} ({path.Length:N0} characters)";
    }
}
