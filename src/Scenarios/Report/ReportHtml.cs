using System.Globalization;
using System.Text;
using IommuSim.Reporting;

namespace IommuSim.Scenarios.Reports;

/// <summary>
/// Writes a <see cref="Report"/> as report.html: one self-contained HTML5 page that works offline. The title, the
/// question and the key settings come first, then the warnings in a box (or a line saying there are none), then each
/// section with its charts, each a plotly.js plot built with Plotly.NET. plotly.js is inlined once; the page loads
/// nothing else (no CDN, no fonts, no MathJax). All text is escaped for where it goes (HTML, plotly's text, script),
/// and the bytes depend on the report alone: element ids come from the chart ids, numbers are written invariantly.
/// </summary>
internal static class ReportHtml
{
    /// <summary>The plot configuration: follows the page's width; no link to plotly's site in the mode bar.</summary>
    private const string PlotConfig = """{"responsive":true,"displaylogo":false}""";

    /// <summary>Writes <paramref name="report"/> to the file <paramref name="path"/> (UTF-8, no byte-order mark), replacing it.</summary>
    public static void Write(string path, Report report)
    {
        using var output = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(output, report);
    }

    /// <summary>Writes <paramref name="report"/> as an HTML page to <paramref name="output"/>; lines end in <c>\n</c> on every system.</summary>
    public static void Write(TextWriter output, Report report)
    {
        var page = new PageWriter(output);
        page.Line("<!DOCTYPE html>");
        page.Line("<html lang=\"en\">");
        page.Line("<head>");
        page.Line("<meta charset=\"utf-8\">");
        page.Line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Line($"<meta name=\"generator\" content=\"IommuSim {HtmlText.Escape(ToolVersion.Current)}, plotly.js {HtmlText.Escape(PlotlyJs.Version)}\">");
        page.Line($"<title>{HtmlText.Escape(report.Title)} \u2013 IommuSim report</title>");
        page.Line("<style>");
        page.Line(ReportStyle.Css);
        page.Line("</style>");
        page.Line($"<!-- plotly.js {HtmlText.Escape(PlotlyJs.Version)} (MIT licence), inlined so that the page makes no request. -->");
        page.Text("<script>");
        page.Text(PlotlyJs.Source);
        page.Line("</script>");
        page.Line("</head>");
        page.Line("<body>");
        Header(page, report);
        Warnings(page, report.Warnings);
        page.Line("<main>");
        var ids = new ChartElementIds();
        foreach (ReportSection section in report.Sections) Section(page, section, ids);
        page.Line("</main>");
        page.Line("</body>");
        page.Line("</html>");
        output.Flush();
    }

    private static void Header(PageWriter page, Report report)
    {
        page.Line("<header>");
        page.Line($"<h1>{HtmlText.Escape(report.Title)}</h1>");
        if (report.Question.Length > 0) page.Line($"<p class=\"question\">{HtmlText.Escape(report.Question)}</p>");
        if (report.Settings.Count > 0)
        {
            page.Line("<table class=\"settings\">");
            page.Line("<caption>Key settings</caption>");
            page.Line("<tbody>");
            foreach (ReportSetting setting in report.Settings)
                page.Line($"<tr><th scope=\"row\">{HtmlText.Escape(setting.Key)}</th><td>{HtmlText.Escape(setting.Value)}</td></tr>");
            page.Line("</tbody>");
            page.Line("</table>");
        }
        page.Line("</header>");
    }

    /// <summary>The warnings, before any chart: a reader who sees a figure should already know what undermines it.</summary>
    private static void Warnings(PageWriter page, IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0)
        {
            page.Line("<section id=\"warnings\" class=\"no-warnings\"><p>No warnings.</p></section>");
            return;
        }
        string count = warnings.Count.ToString(CultureInfo.InvariantCulture);
        page.Line("<section id=\"warnings\" class=\"warnings\" aria-labelledby=\"warnings-heading\">");
        page.Line($"<h2 id=\"warnings-heading\">Warnings ({count})</h2>");
        page.Line("<ul>");
        foreach (string warning in warnings) page.Line($"<li>{HtmlText.Escape(warning)}</li>");
        page.Line("</ul>");
        page.Line("</section>");
    }

    private static void Section(PageWriter page, ReportSection section, ChartElementIds ids)
    {
        page.Line("<section class=\"report-section\">");
        page.Line($"<h2>{HtmlText.Escape(section.Title)}</h2>");
        if (section.Charts.Count == 0) page.Line("<p>No charts.</p>");
        foreach (Chart chart in section.Charts) Figure(page, chart, ids.For(chart));
        page.Line("</section>");
    }

    private static void Figure(PageWriter page, Chart chart, string id)
    {
        string height = PlotlyFigure.Height.ToString(CultureInfo.InvariantCulture);
        page.Line("<figure class=\"chart\">");
        page.Line($"<h3>{HtmlText.Escape(chart.Title)}</h3>");
        page.Line($"<div id=\"{id}\" class=\"plot\" style=\"height:{height}px\"></div>");
        // Ids hold only [A-Za-z0-9_-], so they need no escaping as a JavaScript string.
        page.Line($"<script>(function (f) {{ Plotly.newPlot(\"{id}\", f.data, f.layout, {PlotConfig}); }})({ScriptText.Json(PlotlyFigure.Json(chart))});</script>");
        if (chart.Caption.Length > 0) page.Line($"<figcaption>{HtmlText.Escape(chart.Caption)}</figcaption>");
        page.Line("</figure>");
    }
}
