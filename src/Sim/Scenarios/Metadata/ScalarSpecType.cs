using System.Text.Json;

namespace IommuSim.Scenarios.Metadata;

/// <summary>A value written as one YAML scalar: a number, flag, text, enum member or a quantity with a unit.</summary>
internal abstract class ScalarSpecType : SpecType
{
    protected ScalarSpecType(Type clrType) : base(clrType) { }

    /// <summary>
    /// Parses <paramref name="text"/> (a non-null scalar). On failure returns false with
    /// <paramref name="error"/> saying what is wrong and what was expected.
    /// </summary>
    public abstract bool TryParse(string text, out object? value, out string error);

    /// <summary>True when an empty YAML value (<c>~</c>, <c>null</c>, nothing) is a valid value of this type.</summary>
    public virtual bool AcceptsNull => false;

    /// <summary>The value of an empty YAML scalar, when <see cref="AcceptsNull"/>.</summary>
    public virtual object? NullValue => null;

    /// <summary>Formats a value so that <see cref="TryParse"/> reads it back exactly.</summary>
    public abstract string Format(object? value);

    /// <summary>True when the formatted text must be quoted in YAML (free text could look like a number or a flag).</summary>
    public virtual bool NeedsQuotes => false;

    /// <summary>
    /// The value in its base unit (ps, bytes, bit/s, or the number itself) for the Min/Max checks of
    /// <see cref="IommuSim.Parameters.ParamAttribute"/>; null when the type has no order.
    /// </summary>
    public virtual double? Magnitude(object value) => null;

    /// <summary>A Min or Max bound (in the base unit) written as a user would write a value.</summary>
    public virtual string FormatBound(double bound) => Format(bound);

    /// <summary>"at least 1ps", "at most 1KiB" or "from 0B to 1KiB" (NaN: no bound), in the value's own unit.</summary>
    public string DescribeRange(double min, double max) => (double.IsNaN(min), double.IsNaN(max)) switch
    {
        (false, false) => $"from {FormatBound(min)} to {FormatBound(max)}",
        (false, true) => $"at least {FormatBound(min)}",
        (true, false) => $"at most {FormatBound(max)}",
        _ => "any value",
    };

    /// <summary>Writes the JSON Schema keywords that describe the value (type, pattern, enum, bounds).</summary>
    public abstract void WriteSchema(Utf8JsonWriter json, double min, double max);

    /// <summary>Writes <paramref name="value"/> as a JSON Schema <c>default</c>.</summary>
    public virtual void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        if (value is null) json.WriteNullValue();
        else json.WriteStringValue(Format(value));
    }
}
