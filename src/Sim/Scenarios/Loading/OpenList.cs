namespace IommuSim.Scenarios.Loading;

/// <summary>A YAML sequence being read.</summary>
internal sealed class OpenList(SourceLocation location, string? anchor, ExpandedSize before) : OpenCollection(location, anchor, before)
{
    private readonly List<SpecNode> _items = [];

    protected override ScenarioProblem? Take(BuiltNode child, ProblemList problems)
    {
        _items.Add(child.Node);
        return null;
    }

    public override SpecNode Close() => new ListNode(_items, Location);
}
