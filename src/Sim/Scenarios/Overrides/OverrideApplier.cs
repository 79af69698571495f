using System.Globalization;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Overrides;

/// <summary>
/// Applies overrides to a document tree before binding, so that the values they bring keep their own
/// locations in messages. Paths are checked against the metadata: a misspelt key gets a suggestion at
/// the path's location, not a confusing error somewhere else.
/// </summary>
internal static class OverrideApplier
{
    /// <summary>
    /// <paramref name="root"/> with <paramref name="change"/> applied, or <paramref name="root"/> unchanged
    /// after adding the path's problem to <paramref name="problems"/>. <paramref name="target"/> is the path
    /// set with list items by index (see <see cref="AppliedOverride.Target"/>), or null after a problem.
    /// </summary>
    public static MapNode Apply(MapNode root, Override change, ProblemList problems, out string? target)
    {
        target = null;
        var walk = new Walk(change, problems);
        if (change.Segments.Any(s => s.Length == 0))
        {
            walk.Fail($"'{Excerpt.Of(change.Path)}' has an empty key; expected dotted keys such as platform.memory.dram_latency");
            return root;
        }
        if (walk.Set(root, SpecTypes.Scenario, 0, "") is not MapNode changed) return root;
        target = walk.Target;
        return changed;
    }

    private sealed class Walk(Override change, ProblemList problems)
    {
        private readonly string[] _segments = change.Segments;

        /// <summary>The path walked to the end, list items by index; null until the walk gets there.</summary>
        public string? Target { get; private set; }

        public SpecNode? Set(SpecNode? current, SpecType type, int i, string walked)
        {
            if (i == _segments.Length) return Arrive(walked);
            string segment = _segments[i];
            return type switch
            {
                RecordSpecType record => SetInRecord(current, record, i, walked),
                VariantSpecType variant => SetInVariant(current, variant, i, walked),
                ListSpecType list => SetInList(current, list, i, walked),
                _ => Fail($"{Excerpt.Of(walked)} is a single value ({type.Label}), so the path cannot go on to '{Excerpt.Of(segment)}'; expected a path that ends at {Excerpt.Of(walked)}"),
            };
        }

        private SpecNode? SetInRecord(SpecNode? current, RecordSpecType record, int i, string walked)
        {
            if (!AsMap(current, walked, out var map)) return null;
            string segment = _segments[i];
            if (segment == SpecTypes.TypeKey && record.VariantName is not null)
                return i == _segments.Length - 1 ? map.With(Key(segment), Arrive(Join(walked, segment)))
                    : Fail($"{Excerpt.Of(Join(walked, segment))} is a single value, so the path cannot go on; expected a path that ends at {Excerpt.Of(Join(walked, segment))}");
            var param = record.Find(segment);
            if (param is null)
            {
                var known = record.Keys;
                return Fail($"{(walked.Length == 0 ? "the scenario" : Excerpt.Of(walked))} has no key '{Excerpt.Of(segment)}'{DidYouMean.Hint(segment, known)}; expected one of {string.Join(", ", known)}");
            }
            var existing = map.Find(segment);
            var child = Set(existing?.Value, param.Type, i + 1, Join(walked, segment));
            return child is null ? null : map.With(existing?.Key ?? Key(segment), child);
        }

        private SpecNode? SetInVariant(SpecNode? current, VariantSpecType variant, int i, string walked)
        {
            if (!AsMap(current, walked, out var map)) return null;
            // Setting the type itself needs no known type (it may be what the override repairs).
            if (_segments[i] == SpecTypes.TypeKey && i == _segments.Length - 1)
                return map.With(map.Find(SpecTypes.TypeKey)?.Key ?? Key(SpecTypes.TypeKey), Arrive(Join(walked, SpecTypes.TypeKey)));
            var kind = map.Find(SpecTypes.TypeKey)?.Value is ScalarNode { IsNull: false } t ? variant.Find(t.Value) : null;
            if (kind is null)
                return Fail($"the {variant.Noun} at {Excerpt.Of(walked)} has no known '{SpecTypes.TypeKey}', so its keys are unknown; expected a type, one of {string.Join(", ", variant.TypeNames)}");
            return SetInRecord(map, kind, i, walked);
        }

        private SpecNode? SetInList(SpecNode? current, ListSpecType list, int i, string walked)
        {
            if (current is not ListNode items)
                return Fail(current is null
                    ? $"{Excerpt.Of(walked)} is not in the file, so it has no items; expected a path to an existing list item"
                    : $"{Excerpt.Of(walked)} is {current.Describe()}, not a list; expected a path to an existing list item");
            string segment = _segments[i];
            int index = -1;
            if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                if (n >= items.Items.Count)
                    return Fail($"{Excerpt.Of(walked)} has {items.Items.Count} item(s), so there is no item {segment}; expected {Choices(items)}");
                index = n;
            }
            else
            {
                for (int k = 0; k < items.Items.Count && index < 0; k++)
                    if (NameOf(items.Items[k]) == segment) index = k;
                if (index < 0)
                    return Fail($"{Excerpt.Of(walked)} has no item named '{Excerpt.Of(segment)}'{DidYouMean.Hint(segment, Names(items))}; expected {Choices(items)}");
            }
            var child = Set(items.Items[index], list.Element, i + 1, Join(walked, index.ToString(CultureInfo.InvariantCulture)));
            return child is null ? null : items.With(index, child);
        }

        private bool AsMap(SpecNode? current, string walked, out MapNode map)
        {
            switch (current)
            {
                case MapNode m:
                    map = m;
                    return true;
                // A section the file leaves out (or leaves empty) is created by the override.
                case null or ScalarNode { IsNull: true }:
                    map = new MapNode([], change.PathLocation);
                    return true;
                default:
                    map = null!;
                    Fail($"{Excerpt.Of(walked)} is {current.Describe()}, not a mapping; expected a path through mappings and lists");
                    return false;
            }
        }

        private SpecNode Arrive(string target)
        {
            Target = target;
            return change.Value;
        }

        public SpecNode? Fail(string message)
        {
            problems.Add(change.PathLocation, $"bad path '{Excerpt.Of(change.Path)}': {message}");
            return null;
        }

        private ScalarNode Key(string segment) => new(segment, false, change.PathLocation);

        private static string? NameOf(SpecNode item) =>
            item is MapNode m && m.Find("name")?.Value is ScalarNode { IsNull: false } s ? s.Value : null;

        private static List<string> Names(ListNode items) => items.Items.Select(NameOf).OfType<string>().ToList();

        private static string Choices(ListNode items)
        {
            if (items.Items.Count == 0) return "a list with items (this one is empty)";
            var names = Names(items);
            string indices = $"an index from 0 to {items.Items.Count - 1}";
            return names.Count == 0 ? indices : $"{indices} or a name ({string.Join(", ", names)})";
        }

        private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
    }
}
