using System.Text;

namespace IommuSim.Scenarios.Loading;

/// <summary>A YAML mapping with scalar keys, in document order.</summary>
internal sealed class MapNode : SpecNode
{
    public MapNode(IReadOnlyList<MapEntry> entries, SourceLocation location) : base(location) => Entries = entries;

    /// <summary>The key/value pairs as written.</summary>
    public IReadOnlyList<MapEntry> Entries { get; }

    /// <summary>The entry with key <paramref name="key"/>, or null.</summary>
    public MapEntry? Find(string key)
    {
        foreach (var e in Entries)
            if (e.Key.Value == key) return e;
        return null;
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>: replaced in place, or appended.</summary>
    public MapNode With(ScalarNode key, SpecNode value)
    {
        var entries = new List<MapEntry>(Entries.Count + 1);
        bool replaced = false;
        foreach (var e in Entries)
        {
            if (e.Key.Value == key.Value)
            {
                entries.Add(new MapEntry(e.Key, value));
                replaced = true;
            }
            else entries.Add(e);
        }
        if (!replaced) entries.Add(new MapEntry(key, value));
        return new MapNode(entries, Location);
    }

    /// <summary>A copy without the entries whose keys are in <paramref name="keys"/>.</summary>
    public MapNode Without(IReadOnlySet<string> keys) =>
        new(Entries.Where(e => !keys.Contains(e.Key.Value)).ToList(), Location);

    public override string Describe() => "a mapping";

    internal override void WriteFlow(StringBuilder text, int limit)
    {
        text.Append('{');
        for (int i = 0; i < Entries.Count && text.Length < limit; i++)
        {
            if (i > 0) text.Append(", ");
            AppendUpTo(text, Entries[i].Key.Value, limit);
            text.Append(": ");
            Entries[i].Value.WriteFlow(text, limit);
        }
        text.Append('}');
    }
}
