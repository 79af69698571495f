using System.Reflection;
using IommuSim.Parameters;

namespace IommuSim.Scenarios.Metadata;

/// <summary>One key of a record: its <see cref="ParamAttribute"/>, its type and its default.</summary>
internal sealed class SpecParam
{
    public SpecParam(PropertyInfo property, ParamAttribute attribute, SpecType type, object? defaultValue)
    {
        Property = property;
        Attribute = attribute;
        Type = type;
        Default = defaultValue;
    }

    /// <summary>The property the key binds to (init-only setters are callable through reflection).</summary>
    public PropertyInfo Property { get; }

    /// <summary>The declaration: key, description, source, bounds, required.</summary>
    public ParamAttribute Attribute { get; }

    /// <summary>The key as written in scenario files.</summary>
    public string Key => Attribute.Key;

    /// <summary>What the value binds to.</summary>
    public SpecType Type { get; }

    /// <summary>The property initializer's value on a fresh record.</summary>
    public object? Default { get; }

    /// <summary>True when there is a Min or Max to check.</summary>
    public bool HasBounds => !double.IsNaN(Attribute.Min) || !double.IsNaN(Attribute.Max);
}
