using System.Globalization;
using System.Text.Json;

namespace IommuSim.Scenarios.Metadata;

/// <summary>A whole number of a CLR integer type (int, uint, long, ulong), checked against the type's range.</summary>
internal sealed class IntegerSpecType : ScalarSpecType
{
    private readonly Int128 _lowest;
    private readonly Int128 _highest;

    public IntegerSpecType(Type clrType, Int128 lowest, Int128 highest) : base(clrType)
    {
        _lowest = lowest;
        _highest = highest;
    }

    public override string Expected => "a whole number";
    public override string Label => "integer";

    public override bool TryParse(string text, out object? value, out string error)
    {
        value = null;
        if (!Int128.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            error = $"'{Excerpt.Of(text)}' is not a whole number; expected {Expected}";
            return false;
        }
        if (n < _lowest || n > _highest)
        {
            error = $"{Excerpt.Of(text)} does not fit; expected a whole number from {_lowest} to {_highest}";
            return false;
        }
        value = Convert.ChangeType(n.ToString(CultureInfo.InvariantCulture), ClrType, CultureInfo.InvariantCulture);
        error = "";
        return true;
    }

    public override string Format(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;
    public override double? Magnitude(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
    public override string FormatBound(double bound) => bound.ToString("R", CultureInfo.InvariantCulture);

    public override void WriteSchema(Utf8JsonWriter json, double min, double max)
    {
        json.WriteString("type", "integer");
        WriteBound(json, "minimum", double.IsNaN(min) ? _lowest : (Int128)Math.Max(min, (double)_lowest));
        WriteBound(json, "maximum", double.IsNaN(max) ? _highest : (Int128)Math.Min(max, (double)_highest));
    }

    public override void WriteJsonValue(Utf8JsonWriter json, object? value) =>
        json.WriteRawValue(Format(value));

    private static void WriteBound(Utf8JsonWriter json, string name, Int128 bound)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(bound.ToString(CultureInfo.InvariantCulture));
    }
}
