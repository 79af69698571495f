namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// Deletes a directory the run made (a staging directory, or the directory the outputs replaced). Read-only
/// directories carried over from the user's are made writable first, as removing their entries needs it; symbolic
/// links are removed, never followed.
/// </summary>
internal static class OwnTree
{
    public static void Delete(string path)
    {
        if (!Directory.Exists(path)) return;
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            MakeRemovable(new DirectoryInfo(path));
            Directory.Delete(path, recursive: true);
        }
    }

    private static void MakeRemovable(DirectoryInfo directory)
    {
        if (!OperatingSystem.IsWindows())
            directory.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var entry in directory.EnumerateFileSystemInfos("*", CarryOver.Everything))
        {
            if (entry.LinkTarget is not null) continue;
            if (entry is DirectoryInfo inner) MakeRemovable(inner);
            // Windows will not delete a read-only file; elsewhere the directory's mode is what counts.
            else if (OperatingSystem.IsWindows()) entry.Attributes &= ~FileAttributes.ReadOnly;
        }
    }
}
