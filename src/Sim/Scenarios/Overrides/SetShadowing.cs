using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Overrides;

/// <summary>
/// Warnings for a <c>--set</c> that overrides a value a variant or its sweep point sets itself. <c>--set</c>
/// applies to every variant after the variant's own changes, as documented, so it wins; but the outputs still
/// label the rows with the variant's name, which then no longer says what ran. A warning says so, naming the
/// variant, the paths and both values. Paths overlap when one is the other or lies under it
/// (<c>host</c> and <c>host.mode</c>), compared with list items by index.
/// </summary>
internal static class SetShadowing
{
    /// <summary>
    /// One warning per <c>--set</c> that overrides values of <paramref name="variant"/>'s own overrides, given
    /// every override applied to it in order (its own first, then the command line's). Not warned about: a
    /// <c>--set</c> a later <c>--set</c> or <c>--seed</c> replaces (it did not decide what ran), an own value a
    /// later own override had already replaced, and a <c>--set</c> that writes the same value at the same path.
    /// </summary>
    public static IReadOnlyList<string> Warnings(string variant, IReadOnlyList<AppliedOverride> applied)
    {
        var warnings = new List<string>();
        for (int k = 0; k < applied.Count; k++)
        {
            var set = applied[k];
            if (set.Change.Origin != OverrideOrigin.Set || ReplacedBetween(applied, k, applied.Count, IsCommandLine)) continue;
            var shadowed = Enumerable.Range(0, k)
                .Where(j => IsOwn(applied[j]) && Overlap(applied[j].Target, set.Target) && !SameValue(applied[j], set)
                            && !ReplacedBetween(applied, j, k, IsOwn))
                .Select(j => applied[j])
                .ToList();
            if (shadowed.Count > 0) warnings.Add(Message(variant, set, shadowed));
        }
        return warnings;
    }

    // "--set host.mode=strict overrides the variant's own host.mode: passthrough; the rows labelled
    // passthrough ran with host.mode=strict".
    private static string Message(string variant, AppliedOverride set, List<AppliedOverride> shadowed)
    {
        var theirs = shadowed.Select(o =>
            $"{(o.Change.Origin == OverrideOrigin.Sweep ? "the sweep's" : "the variant's own")} {Excerpt.Of(o.Change.Path)}: {o.Change.Value.Flow()}");
        return $"{set.Change.PathLocation.Source} overrides {string.Join(" and ", theirs)}; " +
               $"the rows labelled {variant} ran with {Excerpt.Of(set.Change.Path)}={set.Change.Value.Flow()}";
    }

    private static bool IsOwn(AppliedOverride o) => o.Change.Origin is OverrideOrigin.Variant or OverrideOrigin.Sweep;

    private static bool IsCommandLine(AppliedOverride o) => !IsOwn(o);

    // Whether an override of the given kind after j and before end sets j's path or a path above it.
    private static bool ReplacedBetween(IReadOnlyList<AppliedOverride> applied, int j, int end, Func<AppliedOverride, bool> kind)
    {
        for (int i = j + 1; i < end; i++)
            if (kind(applied[i]) && Covers(applied[i].Target, applied[j].Target)) return true;
        return false;
    }

    private static bool Overlap(string a, string b) => Covers(a, b) || Covers(b, a);

    // outer is inner, or a path above it: segment by segment, so host does not cover hostname.
    private static bool Covers(string outer, string inner) =>
        inner == outer || inner.StartsWith(outer + ".", StringComparison.Ordinal);

    private static bool SameValue(AppliedOverride a, AppliedOverride b) =>
        a.Target == b.Target && a.Change.Value is ScalarNode x && b.Change.Value is ScalarNode y
        && x.IsNull == y.IsNull && x.Value == y.Value;
}
