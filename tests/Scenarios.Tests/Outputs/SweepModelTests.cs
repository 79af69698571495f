using System.Globalization;
using IommuSim.Scenarios.Tests.Commands;

namespace IommuSim.Scenarios.Tests.Outputs;

/// <summary>sweep.csv and the swept columns from the model itself, on a scenario small enough to run many times.</summary>
public class SweepModelTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(["run", .. args]);

    private static double Field(string csv, int row, string column)
    {
        var lines = File.ReadAllLines(csv);
        int at = Array.IndexOf(lines[0].Split(','), column);
        Assert.True(at >= 0, column);
        return double.Parse(lines[row].Split(',')[at], CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Half_widths_shrink_as_replications_grow()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("tiny.yaml", CompareCommandTests.Tiny);
        var widths = new List<(double Gbps, double Latency)>();
        foreach (int n in new[] { 2, 8, 32 })
        {
            var (exit, _, err) = Run(file, "--out", dir[$"r{n}"], "--quiet", "--set", $"run.replications={n}", "--jobs", "2");
            Assert.True(exit == 0, err);
            string sweep = dir[$"r{n}/sweep.csv"];
            Assert.Equal(n, Field(sweep, 1, "replications"));
            widths.Add((Field(sweep, 1, "achieved_gbps_ci95"), Field(sweep, 1, "lat_mean_ns_ci95")));
        }
        // t(0.975; n-1)/√n: 8.98, 0.84, 0.36 — the expected width falls 10-fold, then 2.3-fold.
        Assert.True(widths[0].Gbps > widths[1].Gbps && widths[1].Gbps > widths[2].Gbps, string.Join(" ", widths));
        Assert.True(widths[0].Latency > widths[1].Latency && widths[1].Latency > widths[2].Latency, string.Join(" ", widths));
    }

    [Fact]
    public void A_swept_run_writes_the_same_bytes_with_one_worker_or_two()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("tiny.yaml", CompareCommandTests.Tiny + "sweep:\n  devices.nic0.rate: [1Gbps, 2Gbps]\n  devices.nic0.size: [1KiB, 1500B]\n");
        Assert.Equal(0, Run(file, "--out", dir["one"], "--quiet", "--jobs", "1").Exit);
        Assert.Equal(0, Run(file, "--out", dir["two"], "--quiet", "--jobs", "2").Exit);
        var names = Directory.GetFiles(dir["one"]).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("sweep.csv", names);
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(dir["one/" + name!]).SequenceEqual(File.ReadAllBytes(dir["two/" + name!])), name);
        // 2 variants x 4 points, the sizes in bytes.
        var sweep = File.ReadAllLines(dir["one/sweep.csv"]);
        Assert.Equal(1 + 8, sweep.Length);
        Assert.StartsWith("variant,devices.nic0.rate,devices.nic0.rate_unit,devices.nic0.size,devices.nic0.size_unit,replications,", sweep[0]);
        Assert.StartsWith("\"base/devices.nic0.rate=1Gbps,devices.nic0.size=1KiB\",1,Gbps,1024,B,4,", sweep[1]);
        Assert.StartsWith("\"passthrough/devices.nic0.rate=2Gbps,devices.nic0.size=1500B\",2,Gbps,1500,B,4,", sweep[8]);
    }
}
