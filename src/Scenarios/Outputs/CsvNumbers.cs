using System.Globalization;
using IommuSim.Kernel;

namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// How numbers are written in the CSV outputs: invariant culture, fixed decimals so that columns line
/// up and never switch to exponent notation, and an empty field for "no value" (NaN, e.g. the IOTLB hit
/// rate of a passthrough run, or a latency of a metric with no samples).
/// Latencies are nanoseconds with 3 decimals (picosecond resolution: exact for percentiles, bounds and
/// maxima), times in seconds 9 decimals, rates in Gbit/s and ratios 6 decimals.
/// </summary>
internal static class CsvNumbers
{
    /// <summary>A whole number.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A whole number.</summary>
    public static string Integer(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Fixed decimals; empty for NaN or infinity; never "-0".</summary>
    public static string Fixed(double value, int decimals)
    {
        if (!double.IsFinite(value)) return "";
        string text = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        // A tiny negative value rounds to "-0.000": write the zero without its sign.
        return text.StartsWith('-') && text.AsSpan(1).IndexOfAnyExcept("0.") < 0 ? text[1..] : text;
    }

    /// <summary>A rate or a ratio: 6 decimals.</summary>
    public static string Ratio(double value) => Fixed(value, 6);

    /// <summary>Picoseconds as nanoseconds with 3 decimals, exactly.</summary>
    public static string Nanoseconds(long picoseconds) =>
        (picoseconds / 1000m).ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>A (mean) number of picoseconds as nanoseconds with 3 decimals; empty for NaN.</summary>
    public static string Nanoseconds(double picoseconds) => Fixed(picoseconds / 1000.0, 3);

    /// <summary>A time in seconds with 9 decimals (nanosecond resolution).</summary>
    public static string Seconds(SimTime time) =>
        Math.Round(time.Picoseconds / (decimal)SimTime.PsPerS, 9, MidpointRounding.ToEven).ToString("F9", CultureInfo.InvariantCulture);
}
