using System.Text.RegularExpressions;

namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// A Slurm time limit as sbatch's <c>--time</c> takes it: minutes, minutes:seconds, hours:minutes:seconds, days-hours,
/// days-hours:minutes or days-hours:minutes:seconds, or UNLIMITED / INFINITE. Checked here, so that a typo fails before
/// anything is written rather than when sbatch reads the script.
/// </summary>
internal static partial class SlurmTimeLimit
{
    /// <summary>The formats, for messages.</summary>
    public const string Formats = "MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 30, 1:30:00, 2-12), or UNLIMITED";

    /// <summary>Whether <paramref name="text"/> is a time limit sbatch accepts.</summary>
    public static bool IsValid(string text) =>
        Pattern().IsMatch(text) || text.Equals("UNLIMITED", StringComparison.OrdinalIgnoreCase) || text.Equals("INFINITE", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(?:[0-9]+|[0-9]+:[0-9]{1,2}|[0-9]+:[0-9]{1,2}:[0-9]{1,2}|[0-9]+-[0-9]{1,2}|[0-9]+-[0-9]{1,2}:[0-9]{1,2}|[0-9]+-[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
