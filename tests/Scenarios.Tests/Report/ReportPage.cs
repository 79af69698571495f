using Microsoft.Playwright;

namespace IommuSim.Scenarios.Tests.Reports;

/// <summary>
/// A report.html opened in headless Chromium (Debian's, driven by Playwright; no browser is downloaded), drawn to the
/// end, with every request it made and every console or page error it raised; requests other than file: are refused.
/// </summary>
internal sealed class ReportPage : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _requests = [];
    private readonly List<string> _errors = [];

    private ReportPage(IPlaywright playwright, IBrowser browser, IPage page, string url)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Url = url;
    }

    public IPage Page { get; }

    /// <summary>The page's own file: URL.</summary>
    public string Url { get; }

    public IReadOnlyList<string> Requests { get { lock (_requests) return [.. _requests]; } }

    public IReadOnlyList<string> Errors { get { lock (_errors) return [.. _errors]; } }

    /// <summary>Opens <paramref name="html"/> and waits until every plot has its layout and its SVG.</summary>
    public static async Task<ReportPage> OpenAsync(string html)
    {
        Assert.True(File.Exists(ChromiumFactAttribute.ChromiumPath), $"{ChromiumFactAttribute.ChromiumPath} is not installed, and CI=true requires it");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.ChromiumPath, Headless = true });
        IBrowserContext context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
        var report = new ReportPage(playwright, browser, await context.NewPageAsync(), new Uri(html).AbsoluteUri);
        context.Request += (_, request) => { lock (report._requests) report._requests.Add(request.Url); };
        // Whatever the page might ask of the network is refused, so a failure here cannot leak a request either.
        await context.RouteAsync(url => !url.StartsWith("file:", StringComparison.Ordinal), route => route.AbortAsync());
        report.Page.Console += (_, message) => { if (message.Type == "error") lock (report._errors) report._errors.Add("console: " + message.Text); };
        report.Page.PageError += (_, error) => { lock (report._errors) report._errors.Add("page: " + error); };
        await report.Page.GotoAsync(report.Url, new() { WaitUntil = WaitUntilState.Load });
        // newPlot draws asynchronously; a plot is done when plotly has its full layout and its SVG.
        await report.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('div.plot')].every(d => d._fullLayout && d.querySelector('svg.main-svg'))");
        return report;
    }

    /// <summary>A full-page screenshot into the test's output directory, TestResults/<paramref name="name"/>, for a person to look at.</summary>
    public async Task ScreenshotAsync(string name)
    {
        string artifacts = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(artifacts);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, name), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
