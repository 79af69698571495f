using System.Text.Json;
using Microsoft.Playwright;

namespace IommuSim.Scenarios.Tests.Reports;

/// <summary>
/// The report.html a real run writes: every chart the library defines for the run is drawn, from the file alone,
/// with its traces and points; <c>--png</c> draws the same charts; and the bytes do not depend on <c>--jobs</c>.
/// </summary>
public sealed class RunReportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // A short run of the IOTLB sizing sweep: three named variants, a numeric sweep, three devices at most.
    private string Run(string name, string jobs)
    {
        var (exit, _, err) = CliRunner.Run("run", RepositoryFiles.Path("scenarios/iotlb-sizing-sweep.yaml"), "--out", _dir[name], "-q", "--png",
            "--jobs", jobs, "--set", "run.duration=2ms", "--set", "run.warmup=1ms", "--variant", "vfs1/platform.iommu.iotlb.entries=64",
            "--variant", "vfs1/platform.iommu.iotlb.entries=256", "--variant", "vfs4/platform.iommu.iotlb.entries=64",
            "--variant", "vfs4/platform.iommu.iotlb.entries=256");
        Assert.True(exit == 0, err);
        return _dir[name];
    }

    [Fact]
    public void Every_output_report_and_charts_included_is_the_same_bytes_whatever_the_jobs()
    {
        string one = Run("j1", "1"), two = Run("j2", "2");
        var files = Directory.GetFiles(one, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(one, f)).Order().ToList();
        Assert.Contains("report.html", files);
        Assert.Contains(Path.Combine("charts", "latency-cdf.png"), files);
        Assert.Equal(files, Directory.GetFiles(two, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(two, f)).Order());
        foreach (var f in files) Assert.True(File.ReadAllBytes(Path.Combine(one, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(two, f))), f);
    }

    [ChromiumFact]
    public async Task A_runs_report_draws_every_chart_offline_with_its_traces_and_points()
    {
        string dir = Run("r", "2");
        await using var report = await ReportPage.OpenAsync(Path.Combine(dir, "report.html"));
        IPage page = report.Page;

        // The same charts as --png drew from the same report: one plot per image, with the same ids.
        // (The page's element ids keep letters, digits, '_' and '-' of a chart's id; the image's name keeps its dots too.)
        var pngs = Directory.GetFiles(Path.Combine(dir, "charts"), "*.png")
            .Select(f => "chart-" + System.Text.RegularExpressions.Regex.Replace(Path.GetFileNameWithoutExtension(f), "[^A-Za-z0-9_-]", "-")).Order().ToList();
        string[] plots = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('div.plot')].map(d => d.id)");
        Assert.Equal(pngs, plots.Order());
        // The sections the run asks for: CDFs (one per device as well, with more than one device), parts, figures and the
        // sweep curves against the IOTLB's entries.
        Assert.Contains("chart-latency-cdf", plots);
        Assert.Contains("chart-throughput", plots);
        Assert.Contains(plots, p => p.StartsWith("chart-sweep-platform-iommu-iotlb-entries", StringComparison.Ordinal));
        foreach (var id in plots)
        {
            JsonElement traces = await page.EvaluateAsync<JsonElement>(
                "id => document.getElementById(id).data.map(t => ({ n: t.x.length, ny: t.y.length }))", id);
            Assert.True(traces.GetArrayLength() > 0, $"{id} has no trace");
            foreach (var t in traces.EnumerateArray())
            {
                Assert.True(t.GetProperty("n").GetInt32() > 0, $"{id} has an empty trace");
                Assert.Equal(t.GetProperty("n").GetInt32(), t.GetProperty("ny").GetInt32());
            }
        }
        // One CDF series per variant, on a log axis.
        Assert.Equal(4, await page.EvaluateAsync<int>("() => document.getElementById('chart-latency-cdf').data.length"));
        Assert.Equal("log", await page.EvaluateAsync<string>("() => document.getElementById('chart-latency-cdf')._fullLayout.xaxis.type"));
        // The question and its settings lead the page.
        Assert.Contains("IOTLB entries (64 to 4096) against 1, 4 and 16 SR-IOV VFs", await page.EvaluateAsync<string>("() => document.querySelector('.question').textContent"));

        await report.ScreenshotAsync("run-report.png");
        Assert.Empty(report.Errors);
        Assert.All(report.Requests, url => Assert.Equal(report.Url, url));
    }
}
