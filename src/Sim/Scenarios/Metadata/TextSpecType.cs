using System.Text.Json;

namespace IommuSim.Scenarios.Metadata;

/// <summary>Free text (names, descriptions, addresses). An empty YAML value is the empty string.</summary>
internal sealed class TextSpecType : ScalarSpecType
{
    public TextSpecType() : base(typeof(string)) { }

    public override string Expected => "text";
    public override string Label => "text";
    public override bool AcceptsNull => true;
    public override object? NullValue => "";
    public override bool NeedsQuotes => true;

    public override bool TryParse(string text, out object? value, out string error)
    {
        value = text;
        error = "";
        return true;
    }

    public override string Format(object? value) => (string?)value ?? "";

    public override void WriteSchema(Utf8JsonWriter json, double min, double max) => json.WriteString("type", "string");
}
