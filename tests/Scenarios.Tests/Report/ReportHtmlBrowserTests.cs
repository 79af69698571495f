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
        Assert.True(File.Exists(ChromiumFactAttribute.ChromiumPath), $"{ChromiumFactAttribute.ChromiumPath} is not installed, and CI=true requires it");
        Directory.CreateDirectory(ArtifactDirectory);
        string html = Path.Combine(ArtifactDirectory, "report.html");
        ReportHtml.Write(html, SampleReport.Build());
        string pageUrl = new Uri(html).AbsoluteUri;

        // Playwright's driver is in the package; the browser is the system's, so nothing is downloaded.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.ChromiumPath, Headless = true });
        IBrowserContext context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
        var requests = new List<string>();
        var errors = new List<string>();
        context.Request += (_, request) => { lock (requests) requests.Add(request.Url); };
        // Whatever the page might ask of the network is refused, so a failure here cannot leak a request either.
        await context.RouteAsync(url => !url.StartsWith("file:", StringComparison.Ordinal), route => route.AbortAsync());
        IPage page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add("console: " + message.Text); };
        page.PageError += (_, error) => { lock (errors) errors.Add("page: " + error); };

        await page.GotoAsync(pageUrl, new() { WaitUntil = WaitUntilState.Load });
        // newPlot draws asynchronously; a plot is done when plotly has its full layout and its SVG.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('div.plot')].every(d => d._fullLayout && d.querySelector('svg.main-svg'))");

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

        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactDirectory, "report.png"), FullPage = true });

        Assert.Empty(errors);
        Assert.All(requests, url => Assert.Equal(pageUrl, url));
        Assert.NotEmpty(requests);
    }
}
