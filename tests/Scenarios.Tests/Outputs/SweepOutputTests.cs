using System.Globalization;
using IommuSim.Scenarios.Loading;

namespace IommuSim.Scenarios.Tests.Outputs;

public class SweepOutputTests
{
    private static readonly string[] VariantFiles =
        ["summary.csv", "sweep.csv", "latency.csv", "histogram.csv", "devices.csv", "figures.csv", "cpu.csv", "iommu.csv"];

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.RunWith(FakeRunner.Run, ["run", .. args]);

    private static string Swept(TempDirectory dir, string sweep) =>
        dir.Write("s.yaml", File.ReadAllText(RepositoryFiles.TwoVariants) + "sweep:\n" + sweep);

    private static List<Dictionary<string, string>> Rows(string path)
    {
        // The variant names here hold no comma, so splitting on commas is exact.
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static double D(string field) => double.Parse(field, CultureInfo.InvariantCulture);

    [Fact]
    public void A_size_sweep_adds_the_size_in_bytes_with_its_unit_after_variant_in_every_file()
    {
        using var dir = new TempDirectory();
        var (exit, _, err) = Run(Swept(dir, "  devices.nic0.size: [2KiB, 4KiB]\n"), "--out", dir["out"], "--quiet");
        Assert.True(exit == 0, err);
        foreach (var file in VariantFiles)
            Assert.StartsWith("variant,devices.nic0.size,devices.nic0.size_unit,", File.ReadAllLines(dir["out/" + file])[0]);
        var summary = Rows(dir["out/summary.csv"]);
        // base and passthrough, each at 2 points, 2 replications: the last sweep path varies fastest.
        Assert.Equal(["2048", "2048", "4096", "4096", "2048", "2048", "4096", "4096"], summary.Select(r => r["devices.nic0.size"]));
        Assert.All(summary, r => Assert.Equal("B", r["devices.nic0.size_unit"]));
        Assert.Equal("base/devices.nic0.size=2KiB", summary[0]["variant"]);
        // Every row of every file carries the value its variant's name says.
        foreach (var file in VariantFiles)
            Assert.All(Rows(dir["out/" + file]), r =>
                Assert.Equal(r["variant"].EndsWith("=2KiB", StringComparison.Ordinal) ? "2048" : "4096", r["devices.nic0.size"]));
    }

    [Theory]
    [InlineData("devices.nic0.rate", "[12.5Gbps, 100Mbps]", "12.5", "0.1", "Gbps")]
    [InlineData("platform.memory.dram_latency", "[80ns, 1.5us]", "80", "1500", "ns")]
    [InlineData("run.replications", "[2, 3]", "2", "3", "")]
    [InlineData("host.mode", "[strict, lazy]", "strict", "lazy", "")]
    public void Each_kind_of_key_has_its_number_and_unit(string path, string values, string first, string second, string unit)
    {
        var outcome = ScenarioLoader.LoadText(File.ReadAllText(RepositoryFiles.TwoVariants) + $"sweep:\n  {path}: {values}\n", "s.yaml", [], null);
        Assert.True(outcome.Ok, string.Join("\n", outcome.Problems));
        var values0 = outcome.Scenario!.Variants[0].SweptValues;
        var value = Assert.Single(values0);
        Assert.Equal(path, value.Path);
        Assert.Equal(unit, value.Unit);
        Assert.Equal(first, IommuSim.Scenarios.Outputs.SweptColumns.Field(value));
        Assert.Equal(second, IommuSim.Scenarios.Outputs.SweptColumns.Field(outcome.Scenario.Variants[1].SweptValues[0]));
        // A mode is text: no number to plot.
        Assert.Equal(path == "host.mode", value.Number is null);
    }

    [Fact]
    public void Two_swept_paths_give_two_column_pairs_in_sweep_order_and_a_file_without_a_sweep_none()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Run(Swept(dir, "  platform.memory.dram_latency: [80ns]\n  devices.nic0.rate: [5Gbps]\n"), "--out", dir["out"], "--quiet").Exit);
        Assert.StartsWith("variant,platform.memory.dram_latency,platform.memory.dram_latency_unit,devices.nic0.rate,devices.nic0.rate_unit,replication,",
            File.ReadAllLines(dir["out/summary.csv"])[0]);
        Assert.Equal(0, Run(RepositoryFiles.TwoVariants, "--out", dir["plain"], "--quiet").Exit);
        Assert.StartsWith("variant,replication,seed,", File.ReadAllLines(dir["plain/summary.csv"])[0]);
        Assert.StartsWith("variant,replications,offered_gbps,offered_gbps_ci95,", File.ReadAllLines(dir["plain/sweep.csv"])[0]);
    }

    [Fact]
    public void Sweep_rows_are_the_means_of_the_summary_rows_with_their_student_t_half_widths()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Run(Swept(dir, "  devices.nic0.rate: [10Gbps, 20Gbps]\n"), "--out", dir["out"], "--quiet").Exit);
        var summary = Rows(dir["out/summary.csv"]);
        var sweep = Rows(dir["out/sweep.csv"]);
        Assert.Equal(["base/devices.nic0.rate=10Gbps", "base/devices.nic0.rate=20Gbps", "passthrough/devices.nic0.rate=10Gbps", "passthrough/devices.nic0.rate=20Gbps"],
            sweep.Select(r => r["variant"]));
        foreach (var row in sweep)
        {
            var runs = summary.Where(r => r["variant"] == row["variant"]).ToList();
            Assert.Equal(runs.Count.ToString(CultureInfo.InvariantCulture), row["replications"]);
            Assert.Equal(runs[0]["devices.nic0.rate"], row["devices.nic0.rate"]);
            foreach (var figure in new[] { "achieved_gbps", "lat_mean_ns", "lat_p99_ns", "interrupts", "cpu_util_max" })
                Assert.Equal(runs.Average(r => D(r[figure])), D(row[figure]), 0.002);
        }
        // The fake achieves rate x (0.95 + r/100): 9.5 and 9.6 Gbps at 10 Gbps, s = 0.1/√2, s/√2 = 0.05, and with
        // t(0.975; 1) = 12.7062047 (tables) the half-width is 0.635310.
        Assert.Equal("9.550000", sweep[0]["achieved_gbps"]);
        Assert.Equal("0.635310", sweep[0]["achieved_gbps_ci95"]);
        Assert.Equal("1.270620", sweep[1]["achieved_gbps_ci95"]);
        // Passthrough has no IOTLB lookups: no rate, no interval.
        Assert.Equal("", sweep[2]["iotlb_hit_rate"]);
        Assert.Equal("", sweep[2]["iotlb_hit_rate_ci95"]);
    }

    [Fact]
    public void One_replication_leaves_the_half_widths_empty()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Run(RepositoryFiles.TwoVariants, "--out", dir["out"], "--quiet", "--set", "run.replications=1").Exit);
        var sweep = Rows(dir["out/sweep.csv"]);
        Assert.Equal(["base", "passthrough"], sweep.Select(r => r["variant"]));
        Assert.All(sweep, r => Assert.Equal("1", r["replications"]));
        Assert.All(sweep, r => Assert.All(r.Where(f => f.Key.EndsWith("_ci95", StringComparison.Ordinal)), f => Assert.Equal("", f.Value)));
        Assert.Equal("9.500000", sweep[0]["achieved_gbps"]);
    }
}
