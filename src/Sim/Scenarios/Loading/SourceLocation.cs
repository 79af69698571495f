namespace IommuSim.Scenarios.Loading;

/// <summary>
/// Where a value came from: a file position (1-based line and column), or a command-line argument
/// such as <c>--set run.seed=2</c> (line 0: no position inside it).
/// </summary>
internal readonly record struct SourceLocation(string Source, int Line, int Column)
{
    /// <summary>A command-line argument, or a whole file.</summary>
    public static SourceLocation Whole(string source) => new(source, 0, 0);

    /// <summary>True for a position inside a file.</summary>
    public bool HasPosition => Line > 0;

    /// <summary><c>FILE:LINE:COL</c>, or the source alone when there is no position.</summary>
    public override string ToString() => HasPosition ? $"{Source}:{Line}:{Column}" : Source;
}
