namespace IommuSim.Scenarios.Tracing;

/// <summary>Checks a trace's base path before a run, so that a long run does not end in an error its start could tell.</summary>
internal static class TracePath
{
    private const int MaxNameBytes = 255;
    private const int Suffix = 32;

    /// <summary>
    /// Creates the directories missing above <paramref name="path"/> and returns them, outermost first, so that a
    /// run that writes nothing can take them away again.
    /// </summary>
    public static IReadOnlyList<string> CreateParents(string path)
    {
        var missing = new List<string>();
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(path)); dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
            missing.Insert(0, dir);
        foreach (var dir in missing) Directory.CreateDirectory(dir);
        return missing;
    }

    /// <summary>Removes the directories <see cref="CreateParents"/> made, innermost first, where they are still empty.</summary>
    public static void RemoveCreated(IReadOnlyList<string> created)
    {
        for (int i = created.Count - 1; i >= 0; i--)
            if (Directory.Exists(created[i]) && !Directory.EnumerateFileSystemEntries(created[i]).Any()) Directory.Delete(created[i]);
    }

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
        // NAME_MAX: the longest file name the file systems take, with room for ".txt.<pid>.tmp" while writing.
        foreach (var part in full.Split(Path.DirectorySeparatorChar))
            if (System.Text.Encoding.UTF8.GetByteCount(part) > MaxNameBytes - Suffix)
                return $"a name in it is {System.Text.Encoding.UTF8.GetByteCount(part):N0} bytes long; expected at most {MaxNameBytes - Suffix} " +
                       $"(the file system's {MaxNameBytes}, less the {Suffix} the trace files add)";
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
