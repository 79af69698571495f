using IommuSim.Model.Spec;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Overrides;

/// <summary>
/// Turns the root keys <c>variants</c>, <c>sweep</c> and <c>include_base</c> into the list of variants to
/// run: V × G, where V is <c>base</c> (unless include_base is false) followed by the named variants in
/// file order, and G the sweep's grid points (one empty point without a sweep), the last sweep key
/// varying fastest. Names: the variant's name without a sweep; the point's <c>path=value,...</c> when
/// only base is swept; <c>variant/point</c> otherwise.
/// </summary>
internal static class VariantPlanner
{
    /// <summary>
    /// The most variants one file may make (named variants times sweep points). Each is bound and checked before
    /// anything runs, which takes about a millisecond; 10,000 is minutes of simulation at the least and already
    /// more than a table or a plot shows.
    /// </summary>
    public const int MaxVariants = 10_000;

    /// <summary>
    /// The most nodes bound and checked over all variants (variants times the document's nodes) before anything
    /// runs: 10 million, about 4 s and 200 MB. A sweep of 10,000 seeds over a scenario of a few hundred nodes, or 100
    /// variants of a scenario of 10,000 devices, is well inside; 10,000 variants of that scenario would take an hour.
    /// </summary>
    public const long MaxBoundNodes = 10_000_000;

    public static IReadOnlyList<VariantDefinition> Plan(MapNode root, ProblemList problems)
    {
        bool includeBase = ReadIncludeBase(root.Find(FileKeys.IncludeBase), problems);
        var named = ReadVariants(root.Find(FileKeys.Variants)?.Value, problems);
        var sweepEntry = root.Find(FileKeys.Sweep);
        int variantCount = (includeBase ? 1 : 0) + named.Count;
        var points = sweepEntry is null ? null : ReadSweep(sweepEntry, Math.Max(1, variantCount), problems);

        if (variantCount > MaxVariants)
        {
            problems.Add(root.Find(FileKeys.Variants)!.Key.Location,
                $"{FileKeys.Variants}: {variantCount:N0} variants; expected at most {MaxVariants:N0} from one file (split them over several files)");
            return [];
        }
        var variants = new List<VariantDefinition>();
        if (includeBase) variants.Add(new VariantDefinition(VariantDefinition.BaseName, []));
        variants.AddRange(named);
        if (variants.Count == 0)
        {
            var at = root.Find(FileKeys.IncludeBase)?.Value.Location ?? root.Location;
            problems.Add(at, $"nothing to run: {FileKeys.IncludeBase} is false and there are no variants; expected {FileKeys.IncludeBase}: true or at least one variant");
            return [];
        }
        if (points is null) return WithinBindingWork(root, variants, problems);

        var crossed = new List<VariantDefinition>(variants.Count * points.Count);
        bool onlyBase = named.Count == 0;
        foreach (var v in variants)
            foreach (var p in points)
                crossed.Add(new VariantDefinition(onlyBase ? p.Name : $"{v.Name}/{p.Name}", [.. v.Overrides, .. p.Overrides]));
        return WithinBindingWork(root, crossed, problems);
    }

    // Every variant binds the whole document: many variants of a large one are refused before binding starts.
    private static IReadOnlyList<VariantDefinition> WithinBindingWork(MapNode root, List<VariantDefinition> variants, ProblemList problems)
    {
        if (variants.Count == 1) return variants;
        // What each variant binds: the document without variants and sweep.
        long nodes = 1 + root.Entries.Where(e => !FileKeys.All.Contains(e.Key.Value)).Sum(e => 1 + NodeCount(e.Value));
        long work = nodes * variants.Count;
        if (work <= MaxBoundNodes) return variants;
        var at = (root.Find(FileKeys.Sweep) ?? root.Find(FileKeys.Variants))!.Key.Location;
        var n = System.Globalization.CultureInfo.InvariantCulture;
        problems.Add(at, string.Create(n,
            $"{variants.Count:N0} variants of a document of {nodes:N0} nodes make {work:N0} nodes to bind and check before the run; " +
            $"expected at most {MaxBoundNodes:N0} (fewer variants or devices; split the sweep over several files)"));
        return [];
    }

    // Lists, mappings, keys and values, aliases counted as copies; without recursion, as the tree may be 64 deep.
    private static long NodeCount(SpecNode root)
    {
        long count = 0;
        var pending = new Stack<SpecNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            count++;
            switch (pending.Pop())
            {
                case MapNode map:
                    foreach (var e in map.Entries)
                    {
                        count++;
                        pending.Push(e.Value);
                    }
                    break;
                case ListNode list:
                    foreach (var item in list.Items) pending.Push(item);
                    break;
            }
        }
        return count;
    }

    private static bool ReadIncludeBase(MapEntry? entry, ProblemList problems)
    {
        if (entry is null) return true;
        if (entry.Value is ScalarNode { IsNull: false } s && new BooleanSpecType().TryParse(s.Value, out var v, out _))
            return (bool)v!;
        problems.Add(entry.Value.Location, $"{FileKeys.IncludeBase}: found {entry.Value.Describe()}; expected true or false");
        return true;
    }

    private static List<VariantDefinition> ReadVariants(SpecNode? node, ProblemList problems)
    {
        var variants = new List<VariantDefinition>();
        if (node is null) return variants;
        if (node is not MapNode map)
        {
            problems.Add(node.Location, $"{FileKeys.Variants}: found {node.Describe()}; expected a mapping of variant name to {{dotted.path: value}}");
            return variants;
        }
        foreach (var entry in map.Entries)
        {
            string name = entry.Key.Value;
            if (name == VariantDefinition.BaseName)
            {
                problems.Add(entry.Key.Location, $"{FileKeys.Variants}: '{name}' cannot name a variant; expected a name other than '{VariantDefinition.BaseName}' (the scenario as written)");
                continue;
            }
            if (SpecName.Problem(name) is { } unfit)
            {
                problems.Add(entry.Key.Location, $"{FileKeys.Variants}: '{Excerpt.Of(name)}' cannot name a variant: {unfit}");
                continue;
            }
            if (entry.Value is ScalarNode { IsNull: true })
            {
                variants.Add(new VariantDefinition(name, []));
                continue;
            }
            if (entry.Value is not MapNode changes)
            {
                problems.Add(entry.Value.Location, $"{FileKeys.Variants}.{Excerpt.Of(name)}: found {entry.Value.Describe()}; expected a mapping of dotted paths to values, e.g. host.mode: strict");
                continue;
            }
            variants.Add(new VariantDefinition(name,
                changes.Entries.Select(c => new Override(c.Key.Value, c.Key.Location, c.Value, OverrideOrigin.Variant)).ToList()));
        }
        return variants;
    }

    private static List<VariantDefinition>? ReadSweep(MapEntry sweep, int variants, ProblemList problems)
    {
        var node = sweep.Value;
        if (node is not MapNode map || map.Entries.Count == 0)
        {
            problems.Add(node.Location, $"{FileKeys.Sweep}: found {node.Describe()}; expected a mapping of dotted paths to lists of values, e.g. run.seed: [1, 2, 3]");
            return null;
        }
        var axes = new List<(MapEntry Entry, List<ScalarNode> Values)>();
        foreach (var entry in map.Entries)
        {
            if (entry.Value is not ListNode { Items.Count: > 0 } list || list.Items.Any(i => i is not ScalarNode))
            {
                problems.Add(entry.Value.Location, $"{FileKeys.Sweep}.{Excerpt.Of(entry.Key.Value)}: found {entry.Value.Describe()}; expected a non-empty list of values, e.g. [90ns, 120ns]");
                continue;
            }
            var values = new List<ScalarNode>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var v in list.Items.Cast<ScalarNode>())
            {
                // The value becomes part of the point's variant name, which labels rows and columns.
                if (SpecName.Problem(v.Value) is { } unfit)
                    problems.Add(v.Location, $"{FileKeys.Sweep}.{Excerpt.Of(entry.Key.Value)}: the value '{Excerpt.Of(v.Value)}' cannot label a variant: {unfit}");
                else if (seen.Add(v.Value)) values.Add(v);
                else problems.Add(v.Location, $"{FileKeys.Sweep}.{Excerpt.Of(entry.Key.Value)}: the value '{Excerpt.Of(v.Value)}' is listed twice; expected distinct values");
            }
            axes.Add((entry, values));
        }
        if (axes.Count != map.Entries.Count) return null;

        // The grid's size before making it: a 1000 x 1000 sweep must be refused, not built.
        double size = variants;
        foreach (var (_, values) in axes) size *= values.Count;
        if (size > MaxVariants)
        {
            string grid = string.Join(" x ", axes.Select(a => a.Values.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
            problems.Add(sweep.Key.Location,
                $"{FileKeys.Sweep}: {grid} points x {variants} variant{(variants == 1 ? "" : "s")} make {size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} " +
                $"variants; expected at most {MaxVariants.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} from one file (split the sweep over several files)");
            return null;
        }

        // The odometer: the last axis turns fastest.
        var points = new List<VariantDefinition> { new("", []) };
        foreach (var (entry, values) in axes)
        {
            var next = new List<VariantDefinition>(points.Count * values.Count);
            foreach (var p in points)
                foreach (var v in values)
                {
                    string part = $"{entry.Key.Value}={v.Value}";
                    next.Add(new VariantDefinition(p.Name.Length == 0 ? part : p.Name + "," + part,
                        [.. p.Overrides, new Override(entry.Key.Value, entry.Key.Location, v, OverrideOrigin.Sweep)]));
                }
            points = next;
        }
        return points;
    }
}
