namespace IommuSim.Scenarios.Loading;

/// <summary>One thing wrong with the input, where it is, and what was expected.</summary>
/// <param name="Location">Where: a file position or a command-line argument.</param>
/// <param name="Message">"what is wrong; expected what", starting with the key path when there is one.</param>
internal sealed record ScenarioProblem(SourceLocation Location, string Message)
{
    /// <summary>The line printed for the user: <c>FILE:LINE:COL: error: MESSAGE</c>.</summary>
    public override string ToString() => $"{Location}: error: {Message}";
}
