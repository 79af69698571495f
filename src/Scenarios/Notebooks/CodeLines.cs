using System.Text.RegularExpressions;

namespace IommuSim.Scenarios.Notebooks;

/// <summary>
/// What a line of a code cell is, judged by its text alone: the export does not parse C#. The notebooks' conventions
/// (using directives first in a cell, kernel directives only in notebook-only cells) make a line's look enough.
/// </summary>
internal static partial class CodeLines
{
    /// <summary>
    /// A using directive: <c>using Namespace;</c>, <c>using static Type;</c> or <c>using Alias = Type;</c>, alone on
    /// its line (a trailing comment allowed). Not <c>using var x = ...;</c> nor <c>using (...)</c>: those are statements.
    /// </summary>
    public static bool IsUsingDirective(string line) => UsingDirective().IsMatch(line);

    /// <summary>
    /// A directive of the .NET Interactive kernel: <c>#r</c> (reference), <c>#i</c> (package source) or <c>#!</c>
    /// (magic command), which a C# file cannot hold. <c>#region</c> and <c>#if</c> are C# and are not matched.
    /// </summary>
    public static bool IsKernelDirective(string line)
    {
        var text = line.AsSpan().TrimStart();
        if (text.StartsWith("#!", StringComparison.Ordinal)) return true;
        if (!text.StartsWith("#r", StringComparison.Ordinal) && !text.StartsWith("#i", StringComparison.Ordinal)) return false;
        return text.Length == 2 || char.IsWhiteSpace(text[2]) || text[2] == '"';
    }

    /// <summary>A line with nothing but white space, or a <c>//</c> comment: it may come before a cell's using directives.</summary>
    public static bool IsBlankOrComment(string line)
    {
        var text = line.AsSpan().Trim();
        return text.IsEmpty || text.StartsWith("//", StringComparison.Ordinal);
    }

    // An identifier or dotted name (global:: allowed), then ';' or "= anything;".
    [GeneratedRegex(@"^\s*using\s+(static\s+)?(global::)?@?[A-Za-z_][\w.@]*(\s*=\s*[^;]+)?\s*;\s*(//.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex UsingDirective();
}
