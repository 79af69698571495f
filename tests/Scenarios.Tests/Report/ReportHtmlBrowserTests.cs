using System.Text.Json;
using IommuSim.Scenarios.Reports;
using Microsoft.Playwright;

namespace IommuSim.Scenarios.Tests.Reports;

/// <summary>
/// report.html opened in headless Chromium (Debian's, driven by Playwright): it draws every chart from its own bytes,
/// with no script error and no request beyond the file itself. The page and a full-page screenshot are kept in the
/// test's output directory, TestResults/report.html and TestResults/report.png, for a person to look at.
/// </summary>
public sealed class ReportHtmlBrowserTests
{
    private static string ArtifactDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults");

    [ChromiumFact]
    public async Task The_page_draws_every_chart_offline_without_errors()
    {
        Directory.CreateDirectory(ArtifactDirectory);
        string html = Path.Combine(ArtifactDirectory, "report.html");
        ReportHtml.Write(html, SampleReport.Build());
        await using var report = await ReportPage.OpenAsync(html);
        IPage page = report.Page;

        foreach (var (chart, id) in SampleReport.Charts)
        {
            JsonElement traces = await page.EvaluateAsync<JsonElement>(
                "id => document.getElementById(id).data.map(t => ({ type: t.type, n: t.x.length, ny: t.y.length, errors: t.error_y ? t.error_y.array.length : -1 }))", id);
            Assert.Equal(chart.Series.Count, traces.GetArrayLength());
            for (int s = 0; s < chart.Series.Count; s++)
            {
                int points = chart.Series[s].Points.Count;
                Assert.Equal(points, traces[s].GetProperty("n").GetInt32());
                Assert.Equal(points, traces[s].GetProperty("ny").GetInt32());
                bool hasErrors = chart.Series[s].Points.Any(p => p.ErrorY is not null);
                Assert.Equal(hasErrors ? points : -1, traces[s].GetProperty("errors").GetInt32());
                Assert.Equal(chart.Kind == IommuSim.Reporting.ChartKind.Line ? "scatter" : "bar", traces[s].GetProperty("type").GetString());
            }
        }

        // What plotly made of the layouts: the CDF's X axis is logarithmic, bars are grouped or stacked.
        Assert.Equal("log", await page.EvaluateAsync<string>("() => document.getElementById('chart-latency-cdf')._fullLayout.xaxis.type"));
        Assert.Equal("linear", await page.EvaluateAsync<string>("() => document.getElementById('chart-throughput-sweep')._fullLayout.xaxis.type"));
        Assert.Equal("group", await page.EvaluateAsync<string>("() => document.getElementById('chart-mean-latency')._fullLayout.barmode"));
        Assert.Equal("stack", await page.EvaluateAsync<string>("() => document.getElementById('chart-latency-parts')._fullLayout.barmode"));
        Assert.Equal("Mean latency (ns)", await page.EvaluateAsync<string>("() => document.querySelector('#chart-mean-latency .ytitle').textContent"));

        // Escaped text reads as written, and none of it ran.
        Assert.Equal(SampleReport.ScriptWarning, await page.EvaluateAsync<string>("() => document.querySelector('#warnings li').textContent"));
        Assert.Equal(SampleReport.ScriptTitle, await page.EvaluateAsync<string>("() => document.querySelector('figure.chart h3').textContent"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__injected === undefined && window.__injected2 === undefined"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('#warnings script, figure h3 script').length"));
        string[] legend = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#chart-latency-cdf .legendtext')].map(e => e.textContent)");
        Assert.Equal(["lazy", SampleReport.MarkupSeries], legend);

        await report.ScreenshotAsync("report.png");

        Assert.Empty(report.Errors);
        Assert.All(report.Requests, url => Assert.Equal(report.Url, url));
        Assert.NotEmpty(report.Requests);
    }
}
