using System.Globalization;
using System.Text.Json;

namespace IommuSim.Scenarios.Metadata;

/// <summary>A finite double (probabilities, exponents); written back with round-trip precision.</summary>
internal sealed class NumberSpecType : ScalarSpecType
{
    public NumberSpecType() : base(typeof(double)) { }

    public override string Expected => "a number";
    public override string Label => "number";

    public override bool TryParse(string text, out object? value, out string error)
    {
        value = null;
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
        {
            error = $"'{Excerpt.Of(text)}' is not a number; expected {Expected}, e.g. 0.5";
            return false;
        }
        value = d;
        error = "";
        return true;
    }

    public override string Format(object? value) => ((double)value!).ToString("R", CultureInfo.InvariantCulture);
    public override double? Magnitude(object value) => (double)value;

    public override void WriteSchema(Utf8JsonWriter json, double min, double max)
    {
        json.WriteString("type", "number");
        if (!double.IsNaN(min)) json.WriteNumber("minimum", min);
        if (!double.IsNaN(max)) json.WriteNumber("maximum", max);
    }

    public override void WriteJsonValue(Utf8JsonWriter json, object? value) => json.WriteNumberValue((double)value!);
}
