using System.Text.Json;

namespace IommuSim.Scenarios.Metadata;

/// <summary>A flag, spelt as YAML 1.2 core spells it: true/false (also True, TRUE, False, FALSE).</summary>
internal sealed class BooleanSpecType : ScalarSpecType
{
    public BooleanSpecType() : base(typeof(bool)) { }

    public override string Expected => "true or false";
    public override string Label => "true/false";

    public override bool TryParse(string text, out object? value, out string error)
    {
        error = "";
        switch (text.Trim())
        {
            case "true" or "True" or "TRUE": value = true; return true;
            case "false" or "False" or "FALSE": value = false; return true;
            default:
                value = null;
                error = $"'{Excerpt.Of(text)}' is not true or false; expected {Expected}";
                return false;
        }
    }

    public override string Format(object? value) => (bool)value! ? "true" : "false";

    public override void WriteSchema(Utf8JsonWriter json, double min, double max) => json.WriteString("type", "boolean");

    public override void WriteJsonValue(Utf8JsonWriter json, object? value) => json.WriteBooleanValue((bool)value!);
}
