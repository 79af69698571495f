using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// The hidden siblings of an output directory DIR while it is written: <c>.DIR.partial-PID-ID</c>, the outputs being
/// written, and <c>.DIR.old-PID-ID</c>, the directory they replaced until it is deleted. PID is the writing process,
/// so that a later run can tell the siblings a killed process left (<see cref="StaleStaging"/>); ID keeps runs of
/// one process apart.
/// </summary>
internal static class StagingNames
{
    /// <summary>The outputs being written.</summary>
    public const string Partial = "partial";
    /// <summary>The replaced directory, until it is deleted.</summary>
    public const string Old = "old";

    // A name may have 255 bytes (NAME_MAX); ".partial-" + a 10-digit pid + "-" + 32 hex digits take 52 of them and the
    // leading "." one more, so a long DIR is shortened in its siblings' names rather than making them unusable.
    private const int MaxStemBytes = 255 - 53;

    /// <summary>A new name for a sibling of <paramref name="target"/> (a full path) of this process.</summary>
    public static string New(string target, string kind) =>
        Path.Combine(Path.GetDirectoryName(target)!,
            $".{Stem(target)}.{kind}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");

    /// <summary>
    /// Whether <paramref name="entryName"/>, an entry of <paramref name="target"/>'s parent, is one of its siblings,
    /// and if so of which kind and process.
    /// </summary>
    public static bool TryParse(string target, string entryName, out string kind, out int pid)
    {
        var match = Regex.Match(entryName,
            $"^\\.{Regex.Escape(Stem(target))}\\.({Partial}|{Old})-([0-9]{{1,10}})-[0-9a-f]{{32}}$", RegexOptions.CultureInvariant);
        kind = match.Success ? match.Groups[1].Value : "";
        pid = 0;
        return match.Success && int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out pid);
    }

    /// <summary>The start every sibling's name of <paramref name="target"/> has, for listing them.</summary>
    public static string Prefix(string target) => $".{Stem(target)}.";

    // DIR's name, cut to MaxStemBytes of UTF-8 between two characters.
    private static string Stem(string target)
    {
        string name = Path.GetFileName(target);
        var stem = new StringBuilder();
        int bytes = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxStemBytes) break;
            stem.Append(rune.ToString());
        }
        return stem.ToString();
    }
}
