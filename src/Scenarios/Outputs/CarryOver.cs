namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// Puts the entries of the output directory that the run does not write (the user's notes, files of earlier runs)
/// into the staging directory, so that swapping it in keeps them. Files become hard links: the same file under a
/// second name, its bytes not copied, its owner, mode and times unchanged; only where the file system cannot link
/// them are they copied. Directories are made anew with their mode and their contents carried over alike; symbolic
/// links are made anew as they are, never followed.
/// </summary>
internal static class CarryOver
{
    /// <summary>Every entry, hidden ones included; an entry that cannot be read fails the carry-over rather than being left out.</summary>
    public static readonly EnumerationOptions Everything = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>
    /// Carries every entry of <paramref name="from"/> into <paramref name="to"/> but those named in
    /// <paramref name="replaced"/> (the outputs, which the run writes anew), and gives <paramref name="to"/> the mode
    /// of <paramref name="from"/>.
    /// </summary>
    public static void Entries(string from, string to, IReadOnlySet<string> replaced)
    {
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos("*", Everything))
        {
            if (!replaced.Contains(entry.Name)) Entry(entry, Path.Combine(to, entry.Name));
            // Replacing it would throw away a directory of the user's, with whatever it holds.
            else if (entry is DirectoryInfo && entry.LinkTarget is null)
                throw new IOException($"{entry.FullName} is a directory, where the run writes the file {entry.Name}");
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(to, File.GetUnixFileMode(from));
    }

    private static void Entry(FileSystemInfo entry, string copy)
    {
        if (entry.LinkTarget is { } linkTarget)
        {
            if (entry is DirectoryInfo) Directory.CreateSymbolicLink(copy, linkTarget);
            else File.CreateSymbolicLink(copy, linkTarget);
        }
        else if (entry is DirectoryInfo directory)
        {
            Directory.CreateDirectory(copy);
            foreach (var inner in directory.EnumerateFileSystemInfos("*", Everything)) Entry(inner, Path.Combine(copy, inner.Name));
            // After its contents: making them changed its times, and a read-only mode would have stopped them.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(copy, File.GetUnixFileMode(directory.FullName));
            Directory.SetLastWriteTimeUtc(copy, directory.LastWriteTimeUtc);
        }
        else
        {
            switch (HardLink.Create(entry.FullName, copy))
            {
                case HardLink.Outcome.Linked:
                    break;
                case HardLink.Outcome.OtherFileSystem:
                    // A mount point inside the output directory: copying a whole file system is not what was asked,
                    // and deleting the replaced directory afterwards would reach into it.
                    throw new IOException($"{entry.FullName} is on another file system");
                default:
                    File.Copy(entry.FullName, copy);
                    File.SetLastWriteTimeUtc(copy, entry.LastWriteTimeUtc);
                    break;
            }
        }
    }
}
