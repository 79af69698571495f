namespace IommuSim.Scenarios.Loading;

/// <summary>A list or mapping whose start has been read and whose end has not: it collects its children.</summary>
internal abstract class OpenCollection
{
    protected OpenCollection(SourceLocation location, string? anchor, ExpandedSize before)
    {
        Location = location;
        Anchor = anchor;
        Before = before;
    }

    /// <summary>Where the collection starts.</summary>
    public SourceLocation Location { get; }

    /// <summary>The anchor the collection carries, or null.</summary>
    public string? Anchor { get; }

    /// <summary>The document's expanded size before the collection: at its end, the collection's size is what the document grew by.</summary>
    public ExpandedSize Before { get; }

    /// <summary>Levels of lists and mappings from this one down, among the children added so far.</summary>
    public int Height { get; private set; } = 1;

    /// <summary>
    /// Adds the next child read inside the collection. Returns a problem that ends the read (a duplicate key),
    /// or null; problems that only drop the child go to <paramref name="problems"/>.
    /// </summary>
    public ScenarioProblem? Add(BuiltNode child, ProblemList problems)
    {
        Height = Math.Max(Height, child.Height + 1);
        return Take(child, problems);
    }

    /// <summary>Keeps the child in the collection (see <see cref="Add"/>).</summary>
    protected abstract ScenarioProblem? Take(BuiltNode child, ProblemList problems);

    /// <summary>The collection as a node, once its end has been read.</summary>
    public abstract SpecNode Close();
}
