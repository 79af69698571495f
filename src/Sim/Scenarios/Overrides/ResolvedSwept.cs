using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Overrides;

/// <summary>
/// The root key <c>swept</c> of a resolved file: variant name → {swept path: value as written}. A resolved file holds
/// each variant fully resolved, so no sweep says which values labelled its rows; this key carries them, and the loader
/// types them as a sweep would (<see cref="SweptValues.Typed"/>), so that a rerun writes the same swept columns.
/// </summary>
internal static class ResolvedSwept
{
    /// <summary>The written values by variant name; empty when the key is absent. Problems name the key's location.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Path, string Text)>> Read(MapNode document, ProblemList problems)
    {
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal);
        if (document.Find(FileKeys.Swept) is not { } entry) return result;
        if (document.Find(FileKeys.Sweep) is not null)
        {
            problems.Add(entry.Key.Location, $"{FileKeys.Swept} is written by resolved files, which have no {FileKeys.Sweep}; expected one of the two");
            return result;
        }
        if (entry.Value is not MapNode variants)
        {
            problems.Add(entry.Value.Location, $"{FileKeys.Swept}: found {entry.Value.Describe()}; expected a mapping of variant names to {{path: value}}");
            return result;
        }
        foreach (var variant in variants.Entries)
        {
            if (variant.Value is not MapNode paths)
            {
                problems.Add(variant.Value.Location, $"{FileKeys.Swept}.{Excerpt.Of(variant.Key.Value)}: found {variant.Value.Describe()}; expected a mapping of swept paths to values");
                continue;
            }
            var values = new List<(string, string)>(paths.Entries.Count);
            foreach (var p in paths.Entries)
            {
                if (p.Value is ScalarNode { IsNull: false } text) values.Add((p.Key.Value, text.Value));
                else problems.Add(p.Value.Location, $"{FileKeys.Swept}.{Excerpt.Of(variant.Key.Value)}.{Excerpt.Of(p.Key.Value)}: found {p.Value.Describe()}; expected the value the sweep gave it");
            }
            result[variant.Key.Value] = values;
        }
        return result;
    }

    /// <summary>Problems for names in the key that are not variants of the file.</summary>
    public static void CheckNames(MapNode document, IReadOnlyCollection<string> variantNames, ProblemList problems)
    {
        if (document.Find(FileKeys.Swept)?.Value is not MapNode variants) return;
        var known = variantNames.ToHashSet(StringComparer.Ordinal);
        foreach (var v in variants.Entries)
            if (!known.Contains(v.Key.Value))
                problems.Add(v.Key.Location, $"{FileKeys.Swept}: the file has no variant '{Excerpt.Of(v.Key.Value)}'; expected one of its variants' names");
    }
}
