using System.Text.Json;

namespace IommuSim.Scenarios.Metadata;

/// <summary>An optional value (<c>SimTime?</c>, <c>int?</c> ...): an empty YAML value or <c>null</c> means "not set".</summary>
internal sealed class NullableSpecType : ScalarSpecType
{
    public NullableSpecType(Type clrType, ScalarSpecType inner) : base(clrType) => Inner = inner;

    /// <summary>The type of a value that is set.</summary>
    public ScalarSpecType Inner { get; }

    public override string Expected => Inner.Expected + ", or null";
    public override string Label => Inner.Label + " or null";
    public override bool AcceptsNull => true;

    public override bool TryParse(string text, out object? value, out string error) => Inner.TryParse(text, out value, out error);
    public override string Format(object? value) => value is null ? "null" : Inner.Format(value);
    public override bool NeedsQuotes => Inner.NeedsQuotes;
    public override double? Magnitude(object value) => Inner.Magnitude(value);
    public override string FormatBound(double bound) => Inner.FormatBound(bound);

    public override void WriteSchema(Utf8JsonWriter json, double min, double max)
    {
        json.WriteStartArray("anyOf");
        json.WriteStartObject();
        Inner.WriteSchema(json, min, max);
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "null");
        json.WriteEndObject();
        json.WriteEndArray();
    }

    public override void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        if (value is null) json.WriteNullValue();
        else Inner.WriteJsonValue(json, value);
    }
}
