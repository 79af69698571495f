using System.Collections;
using IommuSim.Model.Spec;
using IommuSim.Parameters;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Loading;

/// <summary>
/// Binds a <see cref="SpecNode"/> tree to spec records through the metadata table: scalars with their
/// units, nested records, lists, and polymorphic items chosen by <c>type</c>. Checks Min/Max, required
/// keys, then each record's own <see cref="IValidatableSpec.Validate"/>, and reports every problem with
/// the position of the node it concerns.
/// </summary>
internal sealed class SpecBinder
{
    private readonly ProblemList _problems;
    private readonly IReadOnlyList<string> _rootExtraKeys;

    /// <param name="problems">Where problems go.</param>
    /// <param name="rootExtraKeys">Keys the loader reads at the root (variants, sweep ...): named in suggestions there.</param>
    public SpecBinder(ProblemList problems, IReadOnlyList<string> rootExtraKeys)
    {
        _problems = problems;
        _rootExtraKeys = rootExtraKeys;
    }

    /// <summary>Binds the root of a scenario; null when anything was wrong.</summary>
    public ScenarioSpec? BindScenario(SpecNode root) => (ScenarioSpec?)Bind(root, SpecTypes.Scenario);

    /// <summary>Binds <paramref name="node"/> as a root value of <paramref name="type"/>; null when anything was wrong.</summary>
    public object? Bind(SpecNode node, SpecType type)
    {
        int before = _problems.Count;
        bool ok = TryBind(node, type, "", out var value);
        return ok && _problems.Count == before ? value : null;
    }

    private bool TryBind(SpecNode node, SpecType type, string path, out object? value)
    {
        value = null;
        switch (type)
        {
            case ScalarSpecType scalar: return TryBindScalar(node, scalar, path, out value);
            case RecordSpecType record: return TryBindRecord(node, record, path, out value);
            case VariantSpecType variant: return TryBindVariant(node, variant, path, out value);
            case ListSpecType list: return TryBindList(node, list, path, out value);
            default: throw new InvalidOperationException($"no binding for {type.GetType().Name}");
        }
    }

    private bool TryBindScalar(SpecNode node, ScalarSpecType type, string path, out object? value)
    {
        value = null;
        if (node is not ScalarNode scalar)
            return Fail(node, path, $"found {node.Describe()}; expected {type.Expected}");
        if (scalar.IsNull)
        {
            if (!type.AcceptsNull) return Fail(node, path, $"found an empty value; expected {type.Expected}");
            value = type.NullValue;
            return true;
        }
        if (!type.TryParse(scalar.Value, out value, out var error)) return Fail(node, path, error);
        return true;
    }

    private bool TryBindRecord(SpecNode node, RecordSpecType type, string path, out object? value)
    {
        value = null;
        if (node is not MapNode map)
            return Fail(node, path, $"found {node.Describe()}; expected {type.Expected}");
        int before = _problems.Count;
        object record = type.Create();
        foreach (var entry in map.Entries)
        {
            string key = entry.Key.Value;
            if (key == SpecTypes.TypeKey && type.VariantName is not null) continue;
            var param = type.Find(key);
            if (param is null)
            {
                var known = path.Length == 0 ? [.. type.Keys, .. _rootExtraKeys] : type.Keys;
                Fail(entry.Key, path, $"unknown key '{Excerpt.Of(key)}'{DidYouMean.Hint(key, known)}; expected one of {string.Join(", ", known)}");
                continue;
            }
            string childPath = Join(path, key);
            if (TryBind(entry.Value, param.Type, childPath, out var child) && InRange(entry.Value, param, child, childPath))
                param.Property.SetValue(record, child);
        }
        foreach (var param in type.Params)
            if (param.Attribute.Required && map.Find(param.Key) is null)
                Fail(map, path, $"missing required key '{param.Key}'; expected {param.Key}: {param.Type.Expected}");
        // A record's own rules only make sense on values that bound cleanly.
        if (_problems.Count == before && record is IValidatableSpec validatable)
            foreach (var problem in validatable.Validate())
                Fail(Locate(map, problem.Key), Join(path, problem.Key), problem.Message);
        value = record;
        return _problems.Count == before;
    }

    private bool TryBindVariant(SpecNode node, VariantSpecType type, string path, out object? value)
    {
        value = null;
        if (node is not MapNode map)
            return Fail(node, path, $"found {node.Describe()}; expected {type.Expected}");
        var typeEntry = map.Find(SpecTypes.TypeKey);
        if (typeEntry is null)
            return Fail(map, path, $"missing key '{SpecTypes.TypeKey}' that says which kind of {type.Noun} this is; expected one of {string.Join(", ", type.TypeNames)}");
        if (typeEntry.Value is not ScalarNode { IsNull: false } typeName)
            return Fail(typeEntry.Value, Join(path, SpecTypes.TypeKey), $"found {typeEntry.Value.Describe()}; expected one of {string.Join(", ", type.TypeNames)}");
        var kind = type.Find(typeName.Value);
        if (kind is null)
            return Fail(typeName, Join(path, SpecTypes.TypeKey),
                $"unknown {type.Noun} type '{Excerpt.Of(typeName.Value)}'{DidYouMean.Hint(typeName.Value, type.TypeNames)}; expected one of {string.Join(", ", type.TypeNames)}");
        return TryBindRecord(map, kind, path, out value);
    }

    private bool TryBindList(SpecNode node, ListSpecType type, string path, out object? value)
    {
        value = null;
        if (node is not ListNode list)
            return Fail(node, path, $"found {node.Describe()}; expected {type.Expected}");
        var items = Array.CreateInstance(type.Element.ClrType, list.Items.Count);
        bool ok = true;
        for (int i = 0; i < list.Items.Count; i++)
        {
            if (TryBind(list.Items[i], type.Element, Join(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var item))
                ((IList)items)[i] = item;
            else ok = false;
        }
        value = items;
        return ok;
    }

    private bool InRange(SpecNode node, SpecParam param, object? value, string path)
    {
        if (!param.HasBounds || value is null || param.Type is not ScalarSpecType scalar) return true;
        if (scalar.Magnitude(value) is not { } magnitude) return true;
        double min = param.Attribute.Min, max = param.Attribute.Max;
        bool below = !double.IsNaN(min) && magnitude < min;
        bool above = !double.IsNaN(max) && magnitude > max;
        if (!below && !above) return true;
        return Fail(node, path, $"{scalar.Format(value)} is {(below ? "below the minimum" : "above the maximum")}; expected a value {scalar.DescribeRange(min, max)}");
    }

    /// <summary>The node a record-relative key path names, or the deepest mapping on the way when a key is absent.</summary>
    internal static SpecNode Locate(SpecNode start, string dottedKey)
    {
        var node = start;
        foreach (var segment in dottedKey.Split('.'))
        {
            SpecNode? next = node switch
            {
                MapNode m => m.Find(segment)?.Value,
                ListNode l when int.TryParse(segment, out int i) && i >= 0 && i < l.Items.Count => l.Items[i],
                _ => null,
            };
            if (next is null) return node;
            node = next;
        }
        return node;
    }

    private bool Fail(SpecNode node, string path, string message)
    {
        _problems.Add(node.Location, path.Length == 0 ? message : $"{path}: {message}");
        return false;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
