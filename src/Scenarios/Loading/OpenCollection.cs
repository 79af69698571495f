namespace IommuSim.Scenarios.Loading;

/// <summary>A list or mapping whose start has been read and whose end has not: it collects its children.</summary>
internal abstract class OpenCollection
{
    protected OpenCollection(SourceLocation location, string? anchor)
    {
        Location = location;
        Anchor = anchor;
    }

    /// <summary>Where the collection starts.</summary>
    public SourceLocation Location { get; }

    /// <summary>The anchor the collection carries, or null.</summary>
    public string? Anchor { get; }

    /// <summary>
    /// Adds the next child read inside the collection. Returns a problem that ends the read (a duplicate key),
    /// or null; problems that only drop the child go to <paramref name="problems"/>.
    /// </summary>
    public abstract ScenarioProblem? Add(BuiltNode child, ProblemList problems);

    /// <summary>The collection as a node, once its end has been read.</summary>
    public abstract SpecNode Close();
}
