namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// One word for a POSIX shell (sh, bash): as it is when every character is one the shell leaves alone, otherwise in
/// single quotes, inside which nothing is special but the quote itself (written <c>'\''</c>).
/// </summary>
internal static class ShellWord
{
    /// <summary><paramref name="word"/> quoted so that the shell reads it back as exactly one word, unchanged.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && IsPlain(word)) return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The words quoted and joined by spaces: a command line.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    // Letters, digits and the punctuation no shell expands, globs or splits on; '=' too, unless what precedes it is a
    // name, which would make the word an assignment where it stands first (devices.0.rate=25Gbps is no assignment).
    private static bool IsPlain(string word)
    {
        foreach (char c in word)
            if (!(IsNameChar(c) || c is '-' or '.' or '/' or ',' or ':' or '+' or '@' or '%' or '=')) return false;
        int equals = word.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 || !IsName(word.AsSpan(0, equals));
    }

    private static bool IsName(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 || char.IsAsciiDigit(text[0])) return false;
        foreach (char c in text)
            if (!IsNameChar(c)) return false;
        return true;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
