namespace IommuSim.Scenarios.Notebooks;

/// <summary>
/// The comment lines that open every app <c>iommusim notebook export</c> writes: they say where it comes from and how
/// to run it, and mark the file as generated, so that the export overwrites its own files and nothing else.
/// </summary>
internal static class AppHeader
{
    private const string FirstLineEnd = " as a .NET 10 file-based app, written by";
    private const string SecondLineStart = "// `iommusim notebook export ";

    /// <summary>The header of the app of <paramref name="notebook"/>, each line ending in "\n".</summary>
    public static string Of(Notebook notebook)
    {
        string name = notebook.Name;
        string folder = notebook.DirectoryName.Length == 0 ? "" : notebook.DirectoryName + "/";
        return $"// {name}.cs: the experiment of {folder}{name}.ipynb{FirstLineEnd}\n" +
               $"{SecondLineStart}{folder}{name}.ipynb`; change the notebook and export again rather than this file.\n" +
               $"// Run from anywhere: dotnet run {folder}apps/{name}.cs [-- OUTPUT_DIRECTORY]   (default: out/{name})\n" +
               "// Where the notebook displays a chart this writes CHART_ID.html; a table, TABLE_NAME.csv; anything else it prints.\n";
    }

    /// <summary>Whether <paramref name="text"/> (a file's start) opens with the header of an exported app.</summary>
    public static bool Opens(string text)
    {
        int firstEnd = text.IndexOf('\n', StringComparison.Ordinal);
        if (firstEnd < 0) return false;
        string first = text[..firstEnd];
        return first.StartsWith("// ", StringComparison.Ordinal) && first.EndsWith(FirstLineEnd, StringComparison.Ordinal)
            && text.AsSpan(firstEnd + 1).StartsWith(SecondLineStart, StringComparison.Ordinal);
    }
}
