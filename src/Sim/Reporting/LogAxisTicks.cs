using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace IommuSim.Reporting;

/// <summary>
/// ScottPlot 5 has no logarithmic axis: a log axis plots log10 of the values and labels its integer ticks with the
/// powers of ten they stand for, with minor ticks at 2..9 times each power.
/// </summary>
internal static class LogAxisTicks
{
    /// <summary>A tick generator for an axis holding log10 values.</summary>
    internal static ITickGenerator Generator() => new NumericAutomatic
    {
        IntegerTicksOnly = true,
        MinorTickGenerator = new LogMinorTickGenerator(),
        LabelFormatter = Label,
    };

    /// <summary>The label of the tick at log10 value <paramref name="exponent"/>: 100, 1,000, 0.01; 1e6 and beyond in powers.</summary>
    internal static string Label(double exponent)
    {
        double value = Math.Pow(10, exponent);
        if (exponent >= 6 || exponent <= -4) return "1e" + Math.Round(exponent).ToString(CultureInfo.InvariantCulture);
        return value.ToString("#,0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>log10 of <paramref name="value"/> for a log axis, the value itself for a linear one; NaN where a log axis cannot show it.</summary>
    internal static double Transform(double value, AxisScale scale) =>
        scale == AxisScale.Linear ? value : value > 0 ? Math.Log10(value) : double.NaN;
}
