using System.Globalization;
using IommuSim.Kernel;
using IommuSim.Reporting;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;
using IommuSim.Units;

namespace IommuSim.Scenarios.Overrides;

/// <summary>
/// The values a sweep point gives its paths, typed by the key each path reaches: a size in bytes (<c>B</c>), a rate in
/// Gbps, a time in ns, an integer or number as itself (unit ""), and anything else (a mode, a name, a flag) as text only.
/// Typed here, once, so that the outputs write a number with its unit and a plot needs no string parsing.
/// </summary>
internal static class SweptValues
{
    /// <summary>
    /// The sweep's values among <paramref name="applied"/> (in sweep order), each typed by walking <paramref name="tree"/>
    /// (the variant's document after its overrides) along the override's target.
    /// </summary>
    public static IReadOnlyList<SweptValue> Of(MapNode tree, IReadOnlyList<AppliedOverride> applied)
    {
        var values = new List<SweptValue>();
        foreach (var a in applied)
        {
            if (a.Change.Origin != OverrideOrigin.Sweep || a.Change.Value is not ScalarNode scalar) continue;
            values.Add(Typed(a.Change.Path, scalar.Value, TypeAt(tree, a.Target)));
        }
        return values;
    }

    /// <summary>
    /// The values a resolved file's <c>swept</c> key gives (path as written, value as written), typed by walking
    /// <paramref name="tree"/> along each path, its list items named or indexed, as the sweep's were.
    /// </summary>
    public static IReadOnlyList<SweptValue> OfResolved(MapNode tree, IReadOnlyList<(string Path, string Text)> written) =>
        [.. written.Select(w => Typed(w.Path, w.Text, TypeAt(tree, w.Path)))];

    /// <summary>The value <paramref name="text"/> of <paramref name="path"/> as a key of <paramref name="type"/> reads it.</summary>
    public static SweptValue Typed(string path, string text, SpecType? type)
    {
        if (type is NullableSpecType nullable) type = nullable.Inner;
        if (type is not ScalarSpecType scalar || !scalar.TryParse(text, out var value, out _) || value is null)
            return new SweptValue(path, text, null, "");
        return value switch
        {
            ByteSize size => new SweptValue(path, text, size.Bytes, "B"),
            BitRate rate => new SweptValue(path, text, rate.BitsPerSecond / (double)BitRate.BitsPerGbps, "Gbps"),
            SimTime time => new SweptValue(path, text, time.Picoseconds / (double)SimTime.PsPerNs, "ns"),
            int or uint or long or ulong or double => new SweptValue(path, text, Convert.ToDouble(value, CultureInfo.InvariantCulture), ""),
            _ => new SweptValue(path, text, null, ""),
        };
    }

    // The key a path reaches (list items by index, or by their name as a path may give them), or null where the tree
    // does not say (an unknown device type).
    private static SpecType? TypeAt(MapNode tree, string target)
    {
        SpecType type = SpecTypes.Scenario;
        SpecNode? node = tree;
        foreach (string segment in target.Split('.'))
        {
            if (type is VariantSpecType variant)
            {
                var kind = (node as MapNode)?.Find(SpecTypes.TypeKey)?.Value is ScalarNode { IsNull: false } t ? variant.Find(t.Value) : null;
                if (kind is null) return null;
                type = kind;
            }
            switch (type)
            {
                case RecordSpecType record:
                    if (segment == SpecTypes.TypeKey) return new TextSpecType();
                    var param = record.Find(segment);
                    if (param is null) return null;
                    type = param.Type;
                    node = (node as MapNode)?.Find(segment)?.Value;
                    break;
                case ListSpecType list:
                    type = list.Element;
                    if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                        node = node is ListNode items && index < items.Items.Count ? items.Items[index] : null;
                    else
                        node = (node as ListNode)?.Items.FirstOrDefault(i => (i as MapNode)?.Find("name")?.Value is ScalarNode n && n.Value == segment);
                    if (node is null) return null;
                    break;
                default:
                    return null;
            }
        }
        return type;
    }
}
