using System.Globalization;
using System.Text.Json;

namespace IommuSim.Scenarios.Metadata;

/// <summary>
/// A quantity that must carry its unit (time, size, rate). A bare number is rejected with a message
/// naming the expected units: "10" could mean anything, "10ms" cannot.
/// </summary>
internal abstract class UnitSpecType : ScalarSpecType
{
    /// <summary>A decimal number as the unit parsers accept it (sign, digits, optional fraction).</summary>
    protected const string NumberPattern = @"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)";

    protected UnitSpecType(Type clrType) : base(clrType) { }

    /// <summary>An ECMA-262 regular expression for the shape of text the parser accepts (number, then a unit).</summary>
    public abstract string Pattern { get; }

    /// <summary>Parses with the unit type's own parser.</summary>
    protected abstract bool TryParseQuantity(string text, out object value, out string error);

    /// <inheritdoc/>
    public sealed override bool TryParse(string text, out object? value, out string error)
    {
        value = null;
        if (decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            error = $"'{Excerpt.Of(text)}' has no unit; expected {Expected}";
            return false;
        }
        if (!TryParseQuantity(text, out var parsed, out error))
        {
            // The unit parsers quote the text (and its unit) whole; text that long is no quantity anyone meant,
            // so it gets the plain message with an excerpt instead.
            if (text.Length > Excerpt.MaxLength) error = $"'{Excerpt.Of(text)}' is not a valid {Label}; expected {Expected}";
            // The unit parsers explain most errors with the accepted units; shape the rest as "what; expected what".
            else if (error.StartsWith("expected ", StringComparison.Ordinal)) error = $"'{text}' is not a valid {Label}; {error}";
            else if (!error.Contains("; expected ", StringComparison.Ordinal)) error += "; expected " + Expected;
            return false;
        }
        value = parsed;
        return true;
    }

    /// <inheritdoc/>
    public override void WriteSchema(Utf8JsonWriter json, double min, double max)
    {
        json.WriteString("type", "string");
        json.WriteString("pattern", Pattern);
    }
}
