using System.Globalization;

namespace IommuSim.Scenarios.Tests;

public class BenchTranslateTests
{
    [Fact]
    public void Bench_translate_prints_every_key_with_a_number()
    {
        var (exit, output, err) = CliRunner.Run("bench", "translate", "--hits", "200000", "--misses", "20000");
        Assert.True(exit == 0, err);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(": ", 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        foreach (var key in new[] { "hits", "hit_wall_s", "hit_translations_per_s", "hit_translations_per_cpu_s", "misses",
                     "miss_wall_s", "miss_translations_per_s", "miss_events", "miss_walk_reads_per_walk", "miss_mean_latency_ns" })
            Assert.Contains(key, values.Keys);
        Assert.Equal((200000.0, 20000.0), (values["hits"], values["misses"]));
        // A hit that allocated would cost at least an object header (24 B) per hit, 4.8 MB here; under
        // one byte per hit leaves room only for the runtime's own occasional allocation on this thread.
        // (The hit path's zero allocation is asserted exactly in HitPathAllocationTests.)
        Assert.InRange(values["hit_allocated_bytes"], 0, values["hits"] - 1);
        // Each miss: the lookup delay, the walker grant and the end of the walk.
        Assert.Equal(3 * 20000, values["miss_events"]);
        Assert.True(values["hit_translations_per_s"] > 0 && values["miss_translations_per_s"] > 0);
    }

    [Theory]
    [InlineData("bench", "translate", "--hits", "0")]
    [InlineData("bench", "translate", "--misses", "-5")]
    public void Bad_counts_exit_2(params string[] args)
    {
        var (exit, _, err) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("must be at least 1", err);
    }
}
