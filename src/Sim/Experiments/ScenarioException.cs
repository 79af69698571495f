namespace IommuSim.Experiments;

/// <summary>
/// A scenario that cannot be built or run as given: every problem found, each as the CLI prints it,
/// <c>WHERE: error: KEY: what is wrong; expected what</c>. WHERE is the file position for a scenario read from a
/// file, or the call that brought the value (<c>With("host.mode")</c>) for one built in code.
/// </summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Creates the exception from the problems' lines.</summary>
    public ScenarioException(IReadOnlyList<string> problems)
        : base(problems.Count == 1 ? problems[0] : $"{problems.Count} problems:\n" + string.Join("\n", problems)) =>
        Problems = problems;

    /// <summary>Every problem, one line each, sorted by position.</summary>
    public IReadOnlyList<string> Problems { get; }
}
