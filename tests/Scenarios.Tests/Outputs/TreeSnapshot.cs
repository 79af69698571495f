namespace IommuSim.Scenarios.Tests.Outputs;

/// <summary>
/// Everything under a directory, hidden entries included: each file's bytes, each directory, each symbolic link's
/// target, by relative path; equal snapshots mean nothing there changed.
/// </summary>
internal static class TreeSnapshot
{
    private static readonly EnumerationOptions All = new() { AttributesToSkip = 0, RecurseSubdirectories = true };

    public static SortedDictionary<string, string> Of(string directory)
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(directory)) return tree;
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", All))
        {
            string name = Path.GetRelativePath(directory, entry.FullName).Replace('\\', '/');
            tree[name] = entry.LinkTarget is { } link ? "-> " + link
                : entry is DirectoryInfo ? "<dir>"
                : Convert.ToBase64String(File.ReadAllBytes(entry.FullName));
        }
        return tree;
    }

    /// <summary>The hidden staging siblings (<c>.NAME.partial-*</c>, <c>.NAME.old-*</c>) of <paramref name="target"/>.</summary>
    public static string[] Siblings(string target) =>
        Directory.GetDirectories(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(target))!,
            "." + Path.GetFileName(Path.TrimEndingDirectorySeparator(target)) + ".*", new EnumerationOptions { AttributesToSkip = 0 });
}
