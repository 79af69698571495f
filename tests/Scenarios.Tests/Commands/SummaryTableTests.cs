using System.Globalization;
using System.Text.Json;

namespace IommuSim.Scenarios.Tests.Commands;

/// <summary>The summary tables: the default fits 100 columns; --wide shows everything; several devices get a row each.</summary>
public class SummaryTableTests
{
    private static string Run(string scenario, params string[] extra)
    {
        using var dir = new TempDirectory();
        var (exit, output, err) = CliRunner.Run(["run", RepositoryFiles.Path(scenario), "--out", dir["o"],
            "--set", "run.duration=5ms", "--set", "run.warmup=1ms", .. extra]);
        Assert.True(exit == 0, err);
        return output;
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void The_default_table_fits_100_columns_with_the_figures_that_answer_most_questions()
    {
        var output = Run("scenarios/quickstart.yaml");
        Assert.All(Lines(output), l => Assert.True(l.Length <= 100, $"{l.Length} columns: {l}"));
        foreach (var heading in new[] { "Variant", "Offered Gbps", "Achieved Gbps", "IOTLB hit", "CPU max", "Mean ns", "p99 ns" })
            Assert.Contains(heading, output);
        Assert.DoesNotContain("p99.9", output);
        // Five replications: the achieved throughput and the mean latency carry their 95% half-widths.
        Assert.Contains(Lines(output), l => l.Contains("│ base ", StringComparison.Ordinal) && l.Split('±').Length == 3);
    }

    [Fact]
    public void Wide_shows_every_figure()
    {
        var output = Run("scenarios/quickstart.yaml", "--wide");
        foreach (var heading in new[] { "Reps", "Walks", "Faults", "IRQs", "CPU busy", "CPU max", "p50 ns", "p99.9 ns", "max ns" })
            Assert.Contains(heading, output);
        Assert.Contains(Lines(output), l => l.Length > 100);
    }

    [Fact]
    public void Json_has_the_cpu_figures_the_half_widths_and_a_device_array()
    {
        using var json = JsonDocument.Parse(Run("scenarios/bypass-intremap.yaml", "--json", "--set", "run.replications=2"));
        var variant = json.RootElement.GetProperty("variants")[0];
        Assert.Equal("base", variant.GetProperty("variant").GetString());
        // Two CPUs, one per NIC: the busiest is nic1's (its INTx handler reads the device on every interrupt).
        Assert.True(variant.GetProperty("cpu_util_max").GetDouble() > variant.GetProperty("cpu_util").GetDouble());
        Assert.Equal(variant.GetProperty("cpu_util").GetDouble() * 2, variant.GetProperty("cpu_busy").GetDouble(), 9);
        Assert.True(variant.GetProperty("lat_mean_ns_ci95").GetDouble() >= 0);
        var devices = variant.GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal(["nic0", "nic1"], devices.Select(d => d.GetProperty("device").GetString()));
        Assert.True(devices[1].GetProperty("interrupt_mean_ns").GetDouble() > 900);
        Assert.Equal(JsonValueKind.Null, devices[1].GetProperty("iotlb_hit_rate").ValueKind);   // untranslated
    }

    [Fact]
    public void Several_devices_get_a_row_each_with_their_interrupt_latency()
    {
        var output = Run("scenarios/bypass-intremap.yaml");
        Assert.All(Lines(output), l => Assert.True(l.Length <= 100, $"{l.Length} columns: {l}"));
        Assert.Contains("IRQ ns", output);
        double Irq(string variant, string device)
        {
            var cells = Lines(output).Single(l => l.Contains($"│ {variant} ", StringComparison.Ordinal) && l.Contains($"│ {device} ", StringComparison.Ordinal))
                .Split('│', StringSplitOptions.TrimEntries);
            return double.Parse(cells[^2], NumberStyles.Any, CultureInfo.InvariantCulture);
        }
        // The bypassed NIC's INTx path (route 600 ns, EOI 300 ns at least) against a remapped MSI (3 + 17 ns) and,
        // with interrupt remapping off, a compatibility-format MSI (17 ns).
        Assert.True(Irq("base", "nic1") > 900);
        Assert.Equal(20.0, Irq("base", "nic0"), 1);
        Assert.Equal(17.0, Irq("intremap-off", "nic1"), 1);
    }
}
