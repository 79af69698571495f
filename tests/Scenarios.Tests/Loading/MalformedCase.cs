namespace IommuSim.Scenarios.Tests.Loading;

/// <summary>
/// One broken scenario: its text, where the problem must be reported and a fragment of the message.
/// In <see cref="Build"/>'s input a '§' marks the expected position (line and column are computed from
/// it, then it is removed), so positions are stated where they are written rather than counted.
/// </summary>
internal sealed record MalformedCase(string Id, string Yaml, string[] Args, int Line, int Column, string? ArgLocation, string Fragment, bool IsRuleOfRecord)
{
    public const char Marker = '§';

    /// <summary>A case whose problem is at the marker (or anywhere in the file when there is none: syntax errors).</summary>
    public static MalformedCase Build(string id, string yamlWithMarker, string fragment, bool ruleOfRecord = false)
    {
        int at = yamlWithMarker.IndexOf(Marker);
        int line = 0, column = 0;
        if (at >= 0)
        {
            string before = yamlWithMarker[..at];
            line = before.Count(c => c == '\n') + 1;
            column = at - (before.LastIndexOf('\n') + 1) + 1;
        }
        return new MalformedCase(id, yamlWithMarker.Replace(Marker.ToString(), ""), [], line, column, null, fragment, ruleOfRecord);
    }

    /// <summary>A valid file made invalid by one command-line argument, reported at that argument.</summary>
    public static MalformedCase Argument(string id, string yaml, string option, string value, string fragment) =>
        new(id, yaml, [option, value], 0, 0, $"{option} {value}", fragment, false);

    public override string ToString() => Id;
}
