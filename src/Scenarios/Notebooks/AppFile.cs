using System.Text;
using IommuSim.Scenarios.Outputs;

namespace IommuSim.Scenarios.Notebooks;

/// <summary>
/// Puts an exported app in place: into a temporary file beside the target, then renamed over it, so that a failure
/// leaves the old file (or none) and never half of a new one.
/// </summary>
internal static class AppFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte order mark) to <paramref name="path"/>, creating missing directories.</summary>
    /// <exception cref="IOException">It could not be written; nothing was (directories it created are removed again).</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied; nothing was written.</exception>
    public static void Replace(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        var created = MissingDirectories.Create(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        bool done = false;
        try
        {
            File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
            done = true;
        }
        finally
        {
            if (!done)
            {
                try { File.Delete(temporary); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                created.Remove();
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> may be overwritten without <c>--force</c>: no file is there, or one that opens with
    /// the export's header (see <see cref="AppHeader"/>).
    /// </summary>
    /// <exception cref="IOException">The existing file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static bool IsFreeOrExported(string path)
    {
        if (!File.Exists(path)) return true;
        using var reader = new StreamReader(path, Encoding.UTF8);
        // The header's first two lines are well under 1,000 characters for any name the export accepts.
        var start = new char[2048];
        int read = reader.ReadBlock(start, 0, start.Length);
        return AppHeader.Opens(new string(start, 0, read));
    }
}
