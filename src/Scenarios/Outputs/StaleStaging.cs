using System.Diagnostics;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// Clears up after runs killed while writing an output directory (<c>kill -9</c>, a crash, a power cut): their
/// siblings of the directory (<see cref="StagingNames"/>) whose process is gone. A staging directory is deleted.
/// A replaced directory is renamed back when the target is missing (the process died between the swap's two
/// renames, so it holds the outputs as they were), deleted when the target holds everything it held but the
/// outputs (the swap was done), and otherwise left alone, as it may hold the only copy of the user's files.
/// Siblings of running processes (another run writing the same directory) are not touched.
/// </summary>
internal static class StaleStaging
{
    /// <summary>Clears the stale siblings of <paramref name="target"/>, a full path; <paramref name="outputs"/> are the files a run writes.</summary>
    public static void Remove(string target, IReadOnlyCollection<string> outputs)
    {
        string? parent = Path.GetDirectoryName(target);
        if (parent is null || !Directory.Exists(parent)) return;
        var stale = Directory.EnumerateDirectories(parent, StagingNames.Prefix(target) + "*", CarryOver.Everything)
            .Select(path => StagingNames.TryParse(target, Path.GetFileName(path), out string kind, out int pid) && !IsRunning(pid)
                ? (Path: path, Kind: kind)
                : default)
            .Where(s => s.Path is not null)
            .ToList();
        // Old ones first: one may have to become the target again, and the target decides what a later one is.
        foreach (var (path, kind) in stale.OrderBy(s => s.Kind == StagingNames.Old ? 0 : 1))
        {
            try
            {
                if (kind == StagingNames.Partial) OwnTree.Delete(path);
                else if (!Path.Exists(target)) Directory.Move(path, target);
                else if (Superseded(path, target, outputs)) OwnTree.Delete(path);
            }
            // Clearing up is a courtesy to the user: what cannot be cleared now is left for a later run.
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    // True when every entry of the replaced directory that is not an output is in the target too: the swap carried it over.
    private static bool Superseded(string old, string target, IReadOnlyCollection<string> outputs) =>
        Directory.EnumerateFileSystemEntries(old, "*", CarryOver.Everything)
            .Select(Path.GetFileName)
            .All(name => outputs.Contains(name!) || Path.Exists(Path.Combine(target, name!)) || IsLink(Path.Combine(target, name!)));

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
        // Not allowed to look: it exists, so keep its siblings.
        catch (System.ComponentModel.Win32Exception) { return true; }
    }
}
