namespace IommuSim.Scenarios.Notebooks;

/// <summary>
/// The names an app can take from its notebook: it stands in comments, in a C# string (the default output directory)
/// and in file names, so only characters that need no escaping anywhere.
/// </summary>
internal static class AppName
{
    /// <summary>Letters, digits, '-', '_' and '.', not empty and not starting with '.'.</summary>
    public static bool IsValid(string name)
    {
        if (name.Length == 0 || name[0] == '.') return false;
        foreach (char c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return false;
        return true;
    }
}
