using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IommuSim.Reporting;
using IommuSim.Scenarios.Reports;

namespace IommuSim.Scenarios.Tests.Reports;

/// <summary>The page's text, read without a browser: deterministic, offline, escaped, one figure per chart.</summary>
public sealed class ReportHtmlTests
{
    private static string Page(Report report)
    {
        var text = new StringWriter();
        ReportHtml.Write(text, report);
        return text.ToString();
    }

    [Fact]
    public void Two_writes_of_the_same_report_give_the_same_bytes()
    {
        using var dir = new TempDirectory();
        ReportHtml.Write(dir["a.html"], SampleReport.Build());
        ReportHtml.Write(dir["b.html"], SampleReport.Build());
        byte[] a = File.ReadAllBytes(dir["a.html"]);
        Assert.Equal(a, File.ReadAllBytes(dir["b.html"]));
        // No byte-order mark, and the file is the text writer's output encoded in UTF-8.
        Assert.NotEqual(0xEF, a[0]);
        Assert.Equal(Encoding.UTF8.GetBytes(Page(SampleReport.Build())), a);
    }

    [Fact]
    public void Lines_end_in_a_line_feed_only()
    {
        string page = Page(SampleReport.Build());
        Assert.DoesNotContain('\r', page);
        Assert.StartsWith("<!DOCTYPE html>\n", page);
        Assert.EndsWith("</html>\n", page);
    }

    [Fact]
    public void Nothing_is_loaded_from_elsewhere()
    {
        string page = Page(SampleReport.Build());
        Assert.DoesNotMatch(new Regex(@"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), page);
        Assert.DoesNotMatch(new Regex(@"<link\b", RegexOptions.IgnoreCase), page);
        Assert.DoesNotMatch(new Regex(@"@import|@font-face", RegexOptions.IgnoreCase), page);
        Assert.DoesNotContain("mathjax", page[..page.IndexOf("<script>", StringComparison.Ordinal)], StringComparison.OrdinalIgnoreCase);
        // plotly.js itself is inlined, once.
        Assert.Single(Regex.Matches(page, Regex.Escape("* plotly.js v")));
    }

    [Fact]
    public void Warnings_come_before_the_first_chart_and_are_escaped()
    {
        string page = Page(SampleReport.Build());
        int warnings = page.IndexOf("<section id=\"warnings\" class=\"warnings\"", StringComparison.Ordinal);
        Assert.True(warnings > 0);
        Assert.True(warnings < page.IndexOf("<main>", StringComparison.Ordinal));
        Assert.Contains("<h2 id=\"warnings-heading\">Warnings (2)</h2>", page);
        // Escaped by hand: the five HTML characters as references.
        Assert.Contains("<li>&lt;script&gt;window.__injected = 1;&lt;/script&gt; IOTLB &quot;hit&quot; rate &amp; &#39;miss&#39; rate &lt; 3%</li>", page);
        Assert.DoesNotContain("<script>window.__injected", page);
    }

    [Fact]
    public void A_report_without_warnings_says_so()
    {
        string page = Page(SampleReport.Build() with { Warnings = [] });
        Assert.Contains("<section id=\"warnings\" class=\"no-warnings\"><p>No warnings.</p></section>", page);
        Assert.DoesNotContain("class=\"warnings\"", page);
    }

    [Fact]
    public void No_text_of_the_report_ends_a_script_element()
    {
        string page = Page(SampleReport.Build());
        // Outside plotly.js, every "</script" is one this writer closed a script element with: one per chart.
        string afterLibrary = page[page.IndexOf("</head>", StringComparison.Ordinal)..];
        Assert.Equal(SampleReport.Charts.Length, Regex.Matches(afterLibrary, "</script", RegexOptions.IgnoreCase).Count);
        Assert.DoesNotContain("<script>window.__injected2", page);
        // The title reaches the figure's JSON as \u003c escapes, and the h3 as references.
        Assert.Contains("<h3>Latency &lt;/script&gt;&lt;script&gt;window.__injected2 = 1;&lt;/script&gt; CDF</h3>", page);
    }

    [Fact]
    public void Each_chart_has_its_div_and_one_figure_script()
    {
        string page = Page(SampleReport.Build());
        foreach (var (_, id) in SampleReport.Charts)
        {
            Assert.Single(Regex.Matches(page, Regex.Escape($"<div id=\"{id}\" class=\"plot\"")));
            Assert.Single(Regex.Matches(page, Regex.Escape($"Plotly.newPlot(\"{id}\"")));
        }
        int previous = 0;
        foreach (var (_, id) in SampleReport.Charts)
        {
            int at = page.IndexOf($"<div id=\"{id}\"", StringComparison.Ordinal);
            Assert.True(at > previous, $"{id} is out of page order");
            previous = at;
        }
        Assert.Contains("<figcaption>Read across: the fraction of DMAs done within a latency.</figcaption>", page);
    }

    [Fact]
    public void Chart_ids_become_element_ids_that_never_repeat()
    {
        var ids = new ChartElementIds();
        Chart Named(string id) => SampleReport.Sweep with { Id = id };
        Assert.Equal("chart-latency-cdf", ids.For(Named("latency-cdf")));
        Assert.Equal("chart-a-b", ids.For(Named("a b")));
        Assert.Equal("chart-a-b-2", ids.For(Named("a/b")));
        Assert.Equal("chart-a-b-3", ids.For(Named("a-b")));
        Assert.Equal("chart----x", ids.For(Named("\"<>x")));
    }

    [Fact]
    public void A_line_chart_figure_has_a_trace_per_series_log_axes_and_error_bars()
    {
        using var cdf = JsonDocument.Parse(PlotlyFigure.Json(SampleReport.Cdf));
        JsonElement data = cdf.RootElement.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("scatter", data[0].GetProperty("type").GetString());
        Assert.Equal("lines+markers", data[0].GetProperty("mode").GetString());
        Assert.Equal([93.0, 120, 355, 1200, 10_000], data[0].GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0.25, 0.5, 0.9, 0.99, 1], data[0].GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        Assert.False(data[0].TryGetProperty("error_y", out _));
        // plotly's text: markup and $ as entities.
        Assert.Equal("&lt;b&gt;strict&lt;/b&gt; &#36;x&#36;", data[1].GetProperty("name").GetString());
        JsonElement layout = cdf.RootElement.GetProperty("layout");
        Assert.Equal("log", layout.GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Equal("DMA latency (ns)", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("linear", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("Fraction of DMAs", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.False(layout.TryGetProperty("width", out _));

        using var sweep = JsonDocument.Parse(PlotlyFigure.Json(SampleReport.Sweep));
        JsonElement error = sweep.RootElement.GetProperty("data")[1].GetProperty("error_y");
        Assert.Equal("data", error.GetProperty("type").GetString());
        Assert.Equal([0.05, 0.07, 0.2, 0.9], error.GetProperty("array").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public void Bar_figures_group_or_stack_by_category_with_error_bars_where_points_have_them()
    {
        using var grouped = JsonDocument.Parse(PlotlyFigure.Json(SampleReport.GroupedBars));
        JsonElement data = grouped.RootElement.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("bar", data[1].GetProperty("type").GetString());
        Assert.Equal(["base", "passthrough", "hugepages"], data[1].GetProperty("x").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([410.0, 101, 99], data[1].GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        // nvme0's passthrough bar has no interval: null, which plotly.js draws without a bar.
        JsonElement error = data[1].GetProperty("error_y").GetProperty("array");
        Assert.Equal(2.5, error[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, error[1].ValueKind);
        Assert.Equal(1.5, error[2].GetDouble());
        JsonElement layout = grouped.RootElement.GetProperty("layout");
        Assert.Equal("group", layout.GetProperty("barmode").GetString());
        Assert.Equal("category", layout.GetProperty("xaxis").GetProperty("type").GetString());

        using var stacked = JsonDocument.Parse(PlotlyFigure.Json(SampleReport.StackedBars));
        Assert.Equal(3, stacked.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal("stack", stacked.RootElement.GetProperty("layout").GetProperty("barmode").GetString());
        Assert.False(stacked.RootElement.GetProperty("data")[0].TryGetProperty("error_y", out _));
    }

    [Fact]
    public void A_chart_without_series_is_an_empty_plot()
    {
        var empty = SampleReport.Sweep with { Series = [] };
        using var figure = JsonDocument.Parse(PlotlyFigure.Json(empty));
        Assert.Equal(0, figure.RootElement.GetProperty("data").GetArrayLength());
    }
}
