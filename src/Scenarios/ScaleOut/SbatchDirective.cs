namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// A <c>#SBATCH --option=value</c> line. sbatch reads these lines itself, not through a shell: a value with a space or a
/// <c>#</c> (which starts a comment there) goes in double quotes, and the characters that sbatch's reader gives a meaning
/// inside them (<c>"</c> and <c>\</c>) and line breaks cannot be carried at all.
/// </summary>
internal static class SbatchDirective
{
    /// <summary>The characters a value cannot hold, for messages.</summary>
    public const string Unsupported = "a double quote, a backslash or a line break";

    /// <summary>Whether <paramref name="value"/> can be written in a directive.</summary>
    public static bool CanCarry(string value) => value.IndexOfAny(['"', '\\', '\n', '\r']) < 0;

    /// <summary>The line for <paramref name="option"/> (with its dashes) and <paramref name="value"/>.</summary>
    public static string Line(string option, string value)
    {
        if (!CanCarry(value)) throw new ArgumentException($"an #SBATCH value cannot hold {Unsupported}", nameof(value));
        bool plain = value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ',' or ':' or '%' or '=' or '+' or '@');
        return $"#SBATCH {option}={(plain ? value : "\"" + value + "\"")}";
    }

    /// <summary>
    /// <paramref name="path"/> as a file name pattern of <c>--output</c>, where <c>%</c> introduces a replacement
    /// (<c>%a</c>, the array index; <c>%j</c>, the job id) and <c>%%</c> is a literal percent sign.
    /// </summary>
    public static string LiteralInPattern(string path) => path.Replace("%", "%%", StringComparison.Ordinal);
}
