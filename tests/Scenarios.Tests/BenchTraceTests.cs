using System.Globalization;

namespace IommuSim.Scenarios.Tests;

public class BenchTraceTests
{
    private static readonly string[] Keys =
    [
        "events", "text_bytes", "text_wall_s", "text_events_per_s", "dat_bytes", "dat_wall_s", "dat_events_per_s",
        "dat_zstd_bytes", "dat_zstd_wall_s", "dat_zstd_events_per_s",
    ];

    [Fact]
    public void Bench_trace_prints_every_key_with_a_positive_number()
    {
        var (exit, output, err) = CliRunner.Run("bench", "trace", "--events", "20000");
        Assert.True(exit == 0, err);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(": ", 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        foreach (var key in Keys)
        {
            Assert.Contains(key, values.Keys);
            Assert.True(values[key] > 0, $"{key}: {values[key]}");
        }
        // CPU time beside wall time; its rate is printed whenever the CPU clock has ticked.
        foreach (var writer in new[] { "text", "dat", "dat_zstd" })
        {
            Assert.True(values[writer + "_cpu_s"] >= 0);
            if (values[writer + "_cpu_s"] > 0) Assert.True(values[writer + "_events_per_cpu_s"] > 0);
        }
        Assert.Equal(20000, values["events"]);
        // Every text line is longer than the 32-byte map or unmap record the .dat holds for it.
        Assert.True(values["text_bytes"] > 32 * 20000, $"text_bytes {values["text_bytes"]}");
        // A .dat holds each map and unmap record (32 bytes) behind a 4-byte event header.
        Assert.True(values["dat_bytes"] > 36 * 20000, $"dat_bytes {values["dat_bytes"]}");
        Assert.True(values["dat_zstd_bytes"] < values["dat_bytes"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void Too_few_events_exit_2_naming_the_option(string events)
    {
        var (exit, _, err) = CliRunner.Run("bench", "trace", "--events", events);
        Assert.Equal(2, exit);
        Assert.Contains("--events must be at least 1", err);
    }
}
