using IommuSim.Experiments;
using IommuSim.Platform;
using IommuSim.Reporting;

namespace IommuSim.Tests.Docs;

/// <summary>The notebook API example of notebooks/README.md runs as written and means what the text around it says.</summary>
public class NotebookExampleTests
{
    [Fact]
    public void Notebook_readme_example_runs()
    {
        string root = ReadmeExampleTests.RepoRoot();
        string readme = File.ReadAllText(Path.Combine(root, "notebooks/README.md"));
        // The top README shows the same lines.
        var shown = File.ReadAllLines(Path.Combine(root, "README.md"))
            .Where(l => l.StartsWith("var results = Scenario.Load", StringComparison.Ordinal) || l.StartsWith("File.WriteAllBytes", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, shown.Count);
        Assert.All(shown, line => Assert.Contains(line, readme));
        Assert.Contains("var results = Scenario.Load(\"scenarios/quickstart.yaml\").With(\"host.mode\", \"strict\").With(\"run.replications\", 2).Run();", readme);
        Assert.Contains("File.WriteAllBytes(\"latency-cdf.png\", results.Chart(\"latency-cdf\").ToPng());", readme);

        var scenario = Scenario.Load(Path.Combine(root, "scenarios/quickstart.yaml")).With("host.mode", "strict").With("run.replications", 2);
        var results = scenario.Run();
        byte[] png = results.Chart("latency-cdf").ToPng();

        // "sets a key as if the file said so (variants still change it)": base and hugepages run strict, passthrough stays.
        Assert.Equal(HostMode.Strict, scenario.Spec("base").Host.Mode);
        Assert.Equal(HostMode.Strict, scenario.Spec("hugepages").Host.Mode);
        Assert.Equal(HostMode.Passthrough, scenario.Spec("passthrough").Host.Mode);
        Assert.Equal(["base", "passthrough", "hugepages"], results.Summary.Select(r => r.Variant));
        Assert.All(results.Summary, r => Assert.Equal(2, r.Replications));
        // The buffers are mapped once, so strict mode invalidates nothing during the run: 116 of 4096 pages in the
        // IOTLB, as in lazy mode (README: 2.8%), within the binomial noise of 2 x 30,500 DMAs.
        Assert.InRange(results["base"].IotlbHitRate, 116.0 / 4096 - 0.004, 116.0 / 4096 + 0.004);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.Take(4));
    }
}
