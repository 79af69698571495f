namespace IommuSim.Scenarios.Tests.Commands;

/// <summary>End to end with the real model (ScenarioRunner): byte-identical outputs from the same seed.</summary>
public class QuickstartRunTests
{
    private static readonly string[] Outputs =
        ["summary.csv", "latency.csv", "histogram.csv", "devices.csv", "figures.csv", "cpu.csv", "iommu.csv", "scenario.resolved.yaml"];

    [Fact]
    public void Same_scenario_and_seed_twice_gives_identical_bytes_and_the_resolved_file_reproduces_them()
    {
        using var dir = new TempDirectory();
        var first = CliRunner.Run("run", RepositoryFiles.Quickstart, "--out", dir["a"], "--quiet");
        Assert.True(first.Exit == 0, first.Err);
        var second = CliRunner.Run("run", RepositoryFiles.Quickstart, "--out", dir["b"], "--quiet", "--jobs", "1");
        Assert.True(second.Exit == 0, second.Err);
        foreach (var f in Outputs)
            Assert.True(File.ReadAllBytes(dir["a/" + f]).AsSpan().SequenceEqual(File.ReadAllBytes(dir["b/" + f])), f + " differs");

        var rerun = CliRunner.Run("run", dir["a/scenario.resolved.yaml"], "--out", dir["c"], "--quiet");
        Assert.True(rerun.Exit == 0, rerun.Err);
        foreach (var f in Outputs.SkipLast(1))
            Assert.True(File.ReadAllBytes(dir["a/" + f]).AsSpan().SequenceEqual(File.ReadAllBytes(dir["c/" + f])), f + " differs after rerun");
        Assert.Equal(1 + 3 * 5, File.ReadAllLines(dir["a/summary.csv"]).Length);   // header, 3 variants x 5 replications
    }
}
