using System.Globalization;
using IommuSim.Reporting;
using IommuSim.Scenarios.Loading;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// The columns a sweep adds right after <c>variant</c> in every CSV that has one: for each swept path, in sweep
/// order, <c>&lt;path&gt;</c> (the value as a number in its unit, or the text of a value that is not a number) and
/// <c>&lt;path&gt;_unit</c>. None without a sweep, so those files are as they were.
/// </summary>
internal sealed class SweptColumns
{
    private readonly Dictionary<string, string[]> _fields = new(StringComparer.Ordinal);
    private readonly string[] _empty;

    private SweptColumns(IReadOnlyList<string> paths)
    {
        Headers = [.. paths.SelectMany(p => new[] { p, p + "_unit" })];
        _empty = new string[Headers.Count];
        Array.Fill(_empty, "");
    }

    /// <summary>No sweep: no columns.</summary>
    public static SweptColumns None { get; } = new([]);

    /// <summary>The headers, two per swept path.</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>The columns of <paramref name="scenario"/>'s sweep (the same paths in every variant of a file).</summary>
    public static SweptColumns Of(LoadedScenario scenario)
    {
        var first = scenario.Variants.Count == 0 ? [] : scenario.Variants[0].SweptValues;
        var columns = new SweptColumns(first.Select(v => v.Path).ToList());
        foreach (var variant in scenario.Variants)
            columns._fields[variant.Name] = [.. variant.SweptValues.SelectMany(v => new[] { Field(v), v.Unit })];
        return columns;
    }

    /// <summary><paramref name="before"/> with the swept headers inserted after its first column (<c>variant</c>).</summary>
    public IReadOnlyList<string> Insert(IReadOnlyList<string> before) => Headers.Count == 0 ? before : [before[0], .. Headers, .. before.Skip(1)];

    /// <summary>A row's fields with <paramref name="variant"/>'s swept values after its first field.</summary>
    public string[] Insert(string variant, string[] fields) =>
        Headers.Count == 0 ? fields : [fields[0], .. _fields.GetValueOrDefault(variant, _empty), .. fields.AsSpan(1)];

    /// <summary>The number without an exponent (invariant culture), or the text of a value that is not a number.</summary>
    public static string Field(SweptValue value)
    {
        if (value.Number is not { } n) return value.Text;
        // Through decimal, which never prints an exponent; a magnitude decimal cannot hold keeps round-trip form.
        return Math.Abs(n) is 0 or (>= 1e-20 and < 7.9e28)
            ? ((decimal)n).ToString(CultureInfo.InvariantCulture)
            : n.ToString("R", CultureInfo.InvariantCulture);
    }
}
