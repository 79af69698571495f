using System.Text;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// Where <c>iommusim run</c> is to write, checked before anything runs, so that a long run does not end in an error
/// its start could have told: first what the path names (nothing, a file or a path below one, a name or a path too
/// long, a file-system root, the working directory, a shared directory such as /tmp, a directory where an output file
/// goes), then whether writing there works, by doing what writing does: making the staging directory with a file of
/// the longest output name in it, making a file in the directory itself (linked from the staging directory, which
/// shows a mount point), and carrying the directory's other entries into the staging directory. Everything the check
/// made is removed again, and stale siblings that killed runs left are cleared first (<see cref="StaleStaging"/>).
/// </summary>
/// <param name="Directory">The full path to write to (a symbolic link followed); null when there is a problem.</param>
/// <param name="Problem">"what is wrong; expected what", for a message after the <c>--out</c> value.</param>
internal sealed record OutputLocation(string? Directory, string? Problem)
{
    private const string Expected = "expected a directory (new or existing) for the outputs";
    // NAME_MAX of Linux and macOS file systems; Windows allows 255 UTF-16 units, which are never more.
    private const int MaxNameBytes = 255;

    /// <summary>Checks <paramref name="value"/>, the <c>--out</c> value, for a run that writes <paramref name="outputs"/>.</summary>
    public static OutputLocation Check(string value, IReadOnlyList<string> outputs)
    {
        if (value.Length == 0) return Fail($"the path is empty; {Expected}");
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(value));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return Fail($"this is not a valid path ({e.Message.TrimEnd('.')}); {Expected}");
        }
        if (LongName(full) is { } name)
            return Fail($"the name '{Shortened(name)}' is {Encoding.UTF8.GetByteCount(name):N0} bytes long; " +
                        $"expected names of at most {MaxNameBytes} bytes (the file system's limit)");
        try
        {
            full = StagedDirectory.TargetPath(value);
        }
        catch (Exception e) when (IsIo(e))
        {
            return Fail(e is PathTooLongException ? TooLong(full) : $"cannot look at it ({IoReason.Of(e)}); {Expected}");
        }
        return Named(value, full, outputs) is { } named ? Fail(named)
            : Probe(value, full, outputs) is { } probed ? Fail(probed)
            : new OutputLocation(full, null);
    }

    // What the path itself says, before anything is made.
    private static string? Named(string value, string full, IReadOnlyList<string> outputs)
    {
        if (Path.GetDirectoryName(full) is null)
            return $"this is a file-system root, which the outputs cannot replace; expected a directory below it, e.g. {Example(value)}";
        if (File.Exists(full)) return $"this is an existing file; {Expected}";
        for (string? p = Path.GetDirectoryName(full); p is not null; p = Path.GetDirectoryName(p))
            if (File.Exists(p)) return $"{Excerpt.OfPath(p)} is a file, so no directory can be made below it; {Expected}";
        string cwd = Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory);
        if (cwd == full || cwd.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return "this is, or holds, the working directory, and the outputs replace the directory whole (all or nothing), " +
                   $"which would leave the shell in a deleted directory; expected a directory of its own, e.g. {Example(value)}";
        // Others' files in a shared directory such as /tmp must not be renamed away and back under them.
        if (!OperatingSystem.IsWindows() && System.IO.Directory.Exists(full) && File.GetUnixFileMode(full).HasFlag(UnixFileMode.StickyBit))
            return "this is a shared directory (sticky bit, like /tmp), and the outputs replace the directory whole (all or nothing); " +
                   $"expected a directory of its own, e.g. {Example(value)}";
        if (System.IO.Directory.Exists(full))
            foreach (var output in outputs)
                if (System.IO.Directory.Exists(Path.Combine(full, output)))
                    return $"{Excerpt.OfPath(Path.Combine(full, output))} is a directory, where the run writes the file {output}; " +
                           "expected a file or nothing there";
        return null;
    }

    // Does what writing does, and undoes it.
    private static string? Probe(string value, string full, IReadOnlyList<string> outputs)
    {
        StaleStaging.Remove(full, outputs);
        string parent = Path.GetDirectoryName(full)!;
        MissingDirectories? parents = null;
        string? staging = null;
        try
        {
            try
            {
                parents = MissingDirectories.Create(parent);
                staging = StagingNames.New(full, StagingNames.Partial);
                System.IO.Directory.CreateDirectory(staging);
            }
            catch (Exception e) when (IsIo(e))
            {
                return e is PathTooLongException ? TooLong(full)
                    : $"cannot make a directory in {Excerpt.OfPath(NearestExisting(parent))} ({IoReason.Of(e)}), where the outputs are staged " +
                      $"before they move into {Excerpt.OfPath(Path.GetFileName(full))}; expected a directory whose parent iommusim can write in";
            }
            string longest = Path.Combine(staging, outputs.MaxBy(o => o.Length)!);
            try
            {
                File.WriteAllBytes(longest, []);
            }
            catch (Exception e) when (IsIo(e))
            {
                return e is PathTooLongException ? TooLong(full) : $"cannot write beside it in {Excerpt.OfPath(parent)} ({IoReason.Of(e)}); {Expected}";
            }
            if (!System.IO.Directory.Exists(full)) return null;
            // Writing inside first: it is quick, where the carry-over walks the whole directory.
            if (WritesInside(value, full, longest) is { } inside) return inside;
            try
            {
                CarryOver.Entries(full, staging, outputs.ToHashSet(StringComparer.Ordinal));
            }
            catch (Exception e) when (IsIo(e))
            {
                return $"cannot keep its other entries through the swap ({IoReason.Of(e)}); " +
                       "expected a directory iommusim can read whole, with no mount point inside";
            }
            return null;
        }
        finally
        {
            try
            {
                if (staging is not null) OwnTree.Delete(staging);
            }
            catch (Exception e) when (IsIo(e)) { }
            parents?.Remove();
        }
    }

    // A file made in the target, linked from the staging directory where links work: a mount point shows, which a rename cannot replace.
    private static string? WritesInside(string value, string full, string stagedFile)
    {
        string probe = Path.Combine(full, $".iommusim-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var outcome = HardLink.Create(stagedFile, probe);
            if (outcome == HardLink.Outcome.OtherFileSystem)
                return $"this is a mount point (another file system than {Excerpt.OfPath(Path.GetDirectoryName(full)!)}), which the outputs cannot " +
                       $"replace by a rename; expected a directory below it, e.g. {Example(value)}";
            if (outcome == HardLink.Outcome.NotAllowed) File.WriteAllBytes(probe, []);
            return null;
        }
        catch (Exception e) when (IsIo(e))
        {
            return $"cannot write in it ({IoReason.Of(e)}); expected a directory iommusim can write in";
        }
        finally
        {
            try { File.Delete(probe); }
            catch (Exception e) when (IsIo(e)) { }
        }
    }

    private static OutputLocation Fail(string problem) => new(null, problem);

    private static bool IsIo(Exception e) => e is IOException or UnauthorizedAccessException;

    private static string TooLong(string full) =>
        $"the path is too long for the operating system ({full.Length:N0} characters once absolute); expected a shorter path";

    private static string Example(string value) => Excerpt.OfPath(Path.Combine(value, "out"));

    private static string NearestExisting(string path)
    {
        string? p = path;
        while (p is not null && !System.IO.Directory.Exists(p)) p = Path.GetDirectoryName(p);
        return p ?? path;
    }

    private static string? LongName(string full) =>
        full.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).FirstOrDefault(n => Encoding.UTF8.GetByteCount(n) > MaxNameBytes);

    private static string Shortened(string name) => name.Length <= 24 ? name : name[..24] + "...";
}
