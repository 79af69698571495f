using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Loading;

/// <summary>
/// A YAML mapping being read: its children alternate key, value. Keys must be scalars and appear once (with
/// the same tag); a merge key (<c>&lt;&lt;: *anchor</c> or <c>&lt;&lt;: [*a, *b]</c>) copies the keys of the
/// mappings it names. Keys written in the mapping win over merged ones; among merged mappings, the first wins.
/// </summary>
internal sealed class OpenMapping(SourceLocation location, string? anchor, ExpandedSize before) : OpenCollection(location, anchor, before)
{
    /// <summary>The YAML merge key.</summary>
    private const string MergeKey = "<<";

    private readonly List<MapEntry> _entries = [];
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly List<MapEntry> _merged = [];
    private readonly HashSet<string> _mergedKeys = new(StringComparer.Ordinal);
    private readonly HashSet<(string Tag, string Value)> _keys = [];
    private BuiltNode? _key;

    protected override ScenarioProblem? Take(BuiltNode child, ProblemList problems)
    {
        if (_key is not { } key)
        {
            _key = child;
            return null;
        }
        _key = null;
        if (key.Node is not ScalarNode name)
        {
            problems.Add(key.Node.Location, "a key that is a list or a mapping; expected a plain key such as 'duration'");
            return null;
        }
        if (!_keys.Add((key.Tag, name.Value)))
            return new ScenarioProblem(name.Location, $"invalid YAML: Duplicate key {Excerpt.Of(name.Value)}; expected a YAML or JSON document");
        if (name.Value == MergeKey && key.Plain) Merge(child.Node, problems);
        else
        {
            // A key is text even when it spells null (~: 1 has the key '~').
            _entries.Add(new MapEntry(name.IsNull ? new ScalarNode(name.Value, false, name.Location) : name, child.Node));
            _written.Add(name.Value);
        }
        return null;
    }

    public override SpecNode Close()
    {
        var entries = new List<MapEntry>(_entries.Count + _merged.Count);
        entries.AddRange(_entries);
        foreach (var m in _merged)
            if (!_written.Contains(m.Key.Value)) entries.Add(m);
        return new MapNode(entries, Location);
    }

    private void Merge(SpecNode value, ProblemList problems)
    {
        var sources = value is ListNode list ? list.Items : [value];
        foreach (var source in sources)
        {
            if (source is not MapNode map)
            {
                problems.Add(source.Location, $"'{MergeKey}' merges {source.Describe()}; expected an alias of a mapping, e.g. <<: *defaults");
                continue;
            }
            foreach (var e in map.Entries)
                if (_mergedKeys.Add(e.Key.Value)) _merged.Add(e);
        }
    }
}
