using System.Text;
using IommuSim.Reporting;

namespace IommuSim.Scenarios.Reports;

/// <summary>
/// The element id of each chart's plot in a report: <c>chart-</c> and the chart's id with every character other
/// than an ASCII letter, digit, <c>-</c> or <c>_</c> made <c>-</c>, and <c>-2</c>, <c>-3</c>... after any that
/// would repeat one before it. Fixed by the report alone, so two writes give the same page.
/// </summary>
internal sealed class ChartElementIds
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>The id of <paramref name="chart"/>'s element, distinct from every id given before.</summary>
    public string For(Chart chart)
    {
        string id = "chart-" + Clean(chart.Id);
        if (_taken.Add(id)) return id;
        for (int n = 2; ; n++)
        {
            string numbered = id + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_taken.Add(numbered)) return numbered;
        }
    }

    private static string Clean(string chartId)
    {
        var clean = new StringBuilder(chartId.Length);
        foreach (char c in chartId)
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        return clean.ToString();
    }
}
