namespace IommuSim.Scenarios.Loading;

/// <summary>Collects every problem of a load, so the user sees all of them at once.</summary>
internal sealed class ProblemList
{
    private readonly List<ScenarioProblem> _problems = [];

    /// <summary>How many problems have been added so far (to tell whether a subtree bound cleanly).</summary>
    public int Count => _problems.Count;

    /// <summary>Adds a problem.</summary>
    public void Add(SourceLocation location, string message) => _problems.Add(new ScenarioProblem(location, message));

    /// <summary>Adds a problem found elsewhere.</summary>
    public void Add(ScenarioProblem problem) => _problems.Add(problem);

    /// <summary>
    /// The problems without repeats, in a stable order: file positions by line and column, then
    /// problems without a position (the file itself, command-line arguments) in the order found.
    /// </summary>
    public IReadOnlyList<ScenarioProblem> Sorted() =>
        _problems.Distinct()
            .OrderBy(p => p.Location.HasPosition ? 0 : 1)
            .ThenBy(p => p.Location.Line)
            .ThenBy(p => p.Location.Column)
            .ToList();
}
