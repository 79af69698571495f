using System.Text;

namespace IommuSim.Reporting;

/// <summary>
/// Hands out chart ids unique within one report and safe as file names on every file system: letters, digits,
/// '.', '_' and '-' only, compared without case (a case-insensitive file system would merge two that differ by case).
/// </summary>
internal sealed class ChartIds
{
    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An id made of <paramref name="parts"/> joined by '-', other characters replaced by '-', made unique by a suffix.</summary>
    internal string Next(params string[] parts)
    {
        var id = new StringBuilder();
        foreach (string part in parts)
        {
            if (id.Length > 0) id.Append('-');
            foreach (char c in part) id.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }
        // A leading dot would hide the file on Unix; "." and ".." are not files at all.
        string name = id.ToString().TrimStart('.');
        if (name.Length == 0) name = "chart";
        string unique = name;
        for (int k = 2; !_taken.Add(unique); k++) unique = $"{name}-{k}";
        return unique;
    }
}
