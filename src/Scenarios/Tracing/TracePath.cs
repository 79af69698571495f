namespace IommuSim.Scenarios.Tracing;

/// <summary>Checks a trace's base path before a run, so that a long run does not end in an error its start could tell.</summary>
internal static class TracePath
{
    /// <summary>Why <paramref name="path"/> cannot take PATH.txt and PATH.dat; null when it can.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "give a base path, e.g. out/trace (the files are PATH.txt and PATH.dat)";
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"not a usable path ({e.Message})";
        }
        if (path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar) || Directory.Exists(full))
            return "is a directory; give a base path inside it, e.g. DIR/trace (the files are PATH.txt and PATH.dat)";
        // The nearest existing ancestor must be a directory: a file in the way cannot be created over.
        for (var dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) return null;
            if (File.Exists(dir)) return $"{dir} is a file, not a directory";
        }
        return null;
    }
}
