namespace IommuSim.Reporting;

/// <summary>
/// The sweeps section: for each swept path whose values are numbers, each figure (and the p99 latency) against
/// that number, one curve per combination of the other dimensions (the named variant and the other swept paths),
/// error bars the 95% confidence half-widths. Paths whose values are not numbers get no curve: their values are
/// categories of the other charts already.
/// </summary>
internal static class SweepCharts
{
    /// <summary>
    /// A swept axis spanning at least this ratio (e.g. 4 KiB to 2 MiB) is drawn logarithmic: convention, two decades
    /// on a linear axis crowd the lower points into its first percent.
    /// </summary>
    internal const double LogAxisRatio = 100;

    private const string BaseName = "base";

    /// <summary>The section's charts; none without numeric sweeps.</summary>
    internal static IReadOnlyList<Chart> Of(IReadOnlyList<VariantRuns> variants, ChartIds ids)
    {
        var charts = new List<Chart>();
        foreach (var (path, unit) in NumericPaths(variants))
        {
            var members = Members(variants, path);
            if (DistinctCount(members) < 2) continue;
            var x = new ChartAxis(path, unit, IsWide(members) ? AxisScale.Log : AxisScale.Linear);
            foreach (var figure in VariantFigure.Curves)
            {
                var series = new List<ChartSeries>();
                foreach (var (name, group) in Groups(members, path))
                {
                    var points = new List<ChartPoint>();
                    foreach (var (number, variant) in group)
                        if (figure.Estimate(variant) is { } e) points.Add(new ChartPoint(number, e.Mean, null, e.HalfWidth));
                    if (points.Count > 0) series.Add(new ChartSeries(name, points.OrderBy(p => p.X).ToList()));
                }
                if (series.Count == 0) continue;
                charts.Add(new Chart(ids.Next("sweep", path, figure.Id), $"{figure.Title} against {path}", ChartKind.Line, x,
                    figure.Axis, series, "Means over replications; error bars are 95% Student-t confidence intervals (none with one replication)."));
            }
        }
        return charts;
    }

    // The swept paths with a number somewhere, in sweep order, each with the unit of its first number.
    private static List<(string Path, string Unit)> NumericPaths(IReadOnlyList<VariantRuns> variants)
    {
        var paths = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in variants)
            foreach (var s in v.Swept)
                if (s.Number is not null && seen.Add(s.Path)) paths.Add((s.Path, s.Unit));
        return paths;
    }

    // The variants giving the path a number, with that number.
    private static List<(double Number, VariantRuns Variant)> Members(IReadOnlyList<VariantRuns> variants, string path)
    {
        var members = new List<(double, VariantRuns)>();
        foreach (var v in variants)
            foreach (var s in v.Swept)
                if (s.Path == path && s.Number is { } n && double.IsFinite(n)) members.Add((n, v));
        return members;
    }

    private static int DistinctCount(List<(double Number, VariantRuns Variant)> members)
    {
        var numbers = new HashSet<double>();
        foreach (var (n, _) in members) numbers.Add(n);
        return numbers.Count;
    }

    private static bool IsWide(List<(double Number, VariantRuns Variant)> members)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var (n, _) in members)
        {
            min = Math.Min(min, n);
            max = Math.Max(max, n);
        }
        return min > 0 && max / min >= LogAxisRatio;
    }

    // The curves: variants grouped by everything but the path, in order of first appearance.
    private static List<(string Name, List<(double, VariantRuns)> Group)> Groups(List<(double Number, VariantRuns Variant)> members, string path)
    {
        var groups = new List<(string, List<(double, VariantRuns)>)>();
        foreach (var member in members)
        {
            string name = CurveName(member.Variant, path);
            int at = groups.FindIndex(g => g.Item1 == name);
            if (at < 0)
            {
                groups.Add((name, []));
                at = groups.Count - 1;
            }
            groups[at].Item2.Add(member);
        }
        return groups;
    }

    /// <summary>
    /// What tells a variant's curve apart: its named variant (the part of its name before the sweep point's
    /// <c>path=value,...</c>) and the values of the other swept paths; "base" when nothing does.
    /// </summary>
    internal static string CurveName(VariantRuns variant, string path)
    {
        var point = new List<string>(variant.Swept.Count);
        var others = new List<string>();
        foreach (var s in variant.Swept)
        {
            point.Add($"{s.Path}={s.Text}");
            if (s.Path != path) others.Add($"{s.Path}={s.Text}");
        }
        string suffix = string.Join(",", point);
        string named = variant.Name.EndsWith("/" + suffix, StringComparison.Ordinal)
            ? variant.Name[..^(suffix.Length + 1)]
            : variant.Name == suffix ? "" : variant.Swept.Count == 0 ? variant.Name : "";
        if (named.Length > 0) others.Insert(0, named);
        return others.Count == 0 ? BaseName : string.Join(", ", others);
    }
}
