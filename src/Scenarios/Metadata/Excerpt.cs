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
}
