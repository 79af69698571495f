using System.Globalization;

namespace IommuSim.Kernel;

/// <summary>Parses "number unit" text into a whole count of base units, explaining every mistake.</summary>
internal static class QuantityText
{
    /// <summary>
    /// Parses <paramref name="text"/> by <paramref name="grammar"/>: a decimal number, optional spaces, and a
    /// unit (the trailing letters, '/' and 'µ'). The value must be a whole number of base units.
    /// </summary>
    public static bool TryParse(string? text, QuantityGrammar grammar, out long value, out string error)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"expected a {grammar.Noun} with a unit ({grammar.AcceptedUnits}), e.g. {grammar.Example}; got an empty value";
            return false;
        }
        var s = text.Trim();
        int i = s.Length;
        while (i > 0 && (char.IsLetter(s[i - 1]) || s[i - 1] == '/')) i--;
        var number = s[..i].TrimEnd();
        var unit = s[i..];
        if (unit.Length == 0)
        {
            error = $"expected a {grammar.Noun} with a unit ({grammar.AcceptedUnits}), e.g. {grammar.Example}; got '{text}' without a unit";
            return false;
        }
        long scale = 0;
        foreach (var (u, k) in grammar.Units)
            if (u == unit) { scale = k; break; }
        if (scale == 0)
        {
            error = $"unknown {grammar.Noun} unit '{unit}' in '{text}'; expected one of {grammar.AcceptedUnits}{grammar.UnknownUnitHint}";
            return false;
        }
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var d))
        {
            error = $"expected a number before '{unit}' in '{text}'";
            return false;
        }
        if (d < 0 && !grammar.AllowNegative)
        {
            error = $"{grammar.Noun} '{text}' is negative; a {grammar.Noun} cannot be negative";
            return false;
        }
        decimal scaled;
        try { scaled = d * scale; }
        catch (OverflowException)
        {
            error = $"{grammar.Noun} '{text}' is too large (limit {grammar.Limit})";
            return false;
        }
        if (scaled != decimal.Truncate(scaled))
        {
            error = grammar.NotWhole(text, scaled);
            return false;
        }
        if (scaled > long.MaxValue || scaled < long.MinValue)
        {
            error = $"{grammar.Noun} '{text}' is too large (limit {grammar.Limit})";
            return false;
        }
        value = (long)scaled;
        error = "";
        return true;
    }
}
