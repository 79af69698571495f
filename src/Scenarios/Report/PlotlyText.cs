using System.Text;

namespace IommuSim.Scenarios.Reports;

/// <summary>
/// Text for plotly.js to show as written. Plotly reads titles, legend names and tick labels as a small subset of
/// HTML (<c>&lt;b&gt;</c>, <c>&lt;br&gt;</c>, entities) and text between dollar signs as LaTeX; writing the markup
/// characters and the dollar sign as entities, which it decodes for display, keeps both from happening.
/// </summary>
internal static class PlotlyText
{
    /// <summary><paramref name="text"/> with <c>&amp; &lt; &gt; $</c> as entities plotly.js decodes.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                // Plotly looks for $...$ to hand to MathJax, which the report does not load.
                case '$': escaped.Append("&#36;"); break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }
}
