using IommuSim.Experiments;
using MathNet.Numerics.Distributions;

namespace IommuSim.Tests.Experiments;

/// <summary>A run's tables hold what its replications measured, whatever the thread count.</summary>
public class ScenarioRunTests(RunFixture fixture) : IClassFixture<RunFixture>
{
    private readonly Results _results = fixture.OneThread;

    [Fact]
    public void One_thread_and_two_give_the_same_tables_byte_for_byte()
    {
        Assert.Equal(_results.Summary.ToCsv(), fixture.TwoThreads.Summary.ToCsv());
        Assert.Equal(_results.Latency.ToCsv(), fixture.TwoThreads.Latency.ToCsv());
        Assert.Equal(_results.Iommu.ToCsv(), fixture.TwoThreads.Iommu.ToCsv());
    }

    [Fact]
    public void The_results_hold_every_variant_and_replication_in_order()
    {
        Assert.Equal(["base", "strict"], _results.Variants);
        Assert.Equal(["base", "strict"], _results.Summary.Select(r => r.Variant));
        Assert.Equal([("base", 0), ("base", 1), ("base", 2), ("strict", 0), ("strict", 1), ("strict", 2)],
            _results.Runs.Select(r => (r.Variant, r.Replication)));
        Assert.All(_results.Summary, r => Assert.Equal(3, r.Replications));
    }

    [Theory]
    [InlineData("base")]
    [InlineData("strict")]
    public void The_summary_pools_the_iotlb_hit_rate_over_every_lookup(string variant)
    {
        var runs = _results.Runs.Where(r => r.Variant == variant).ToList();
        long hits = runs.Sum(r => r.IotlbHits), misses = runs.Sum(r => r.IotlbMisses);
        Assert.True(hits + misses > 0);
        Assert.Equal((double)hits / (hits + misses), _results[variant].IotlbHitRate, 12);
    }

    [Theory]
    [InlineData("base")]
    [InlineData("strict")]
    public void Achieved_throughput_is_the_mean_of_the_replications_with_a_student_t_half_width(string variant)
    {
        double[] x = [.. _results.Runs.Where(r => r.Variant == variant).Select(r => r.AchievedGbps)];
        Assert.Equal(3, x.Length);
        double mean = (x[0] + x[1] + x[2]) / 3;
        double s = Math.Sqrt(((x[0] - mean) * (x[0] - mean) + (x[1] - mean) * (x[1] - mean) + (x[2] - mean) * (x[2] - mean)) / 2);
        // Two-sided 95% with 3 replications: t(0.975, 2 degrees of freedom) = 4.3027 (any table of Student's t).
        double t = StudentT.InvCDF(0, 1, 2, 0.975);
        Assert.Equal(4.3027, t, 4);
        var row = _results[variant];
        Assert.Equal(mean, row.AchievedGbps, 12);
        Assert.True(s > 0); // Poisson arrivals: replications differ, so the half-width is not 0 by accident
        Assert.Equal(t * s / Math.Sqrt(3), row.AchievedGbpsCi95, 9);
    }

    [Fact]
    public void Both_variants_offer_the_devices_rate()
    {
        // The host's mode changes how DMAs are translated, not what the device offers: 10 Gbps in both.
        Assert.Equal(10.0, _results["base"].OfferedGbps, 0);
        Assert.Equal(_results["base"].OfferedGbps, _results["strict"].OfferedGbps, 9);
    }

    [Fact]
    public void The_iommu_rows_sum_to_each_replications_totals()
    {
        foreach (var run in _results.Runs)
        {
            var rows = _results.Iommu.Where(r => r.Variant == run.Variant && r.Replication == run.Replication).ToList();
            Assert.NotEmpty(rows);
            Assert.Equal(run.IotlbHits, rows.Sum(r => r.IotlbHits));
            Assert.Equal(run.IotlbMisses, rows.Sum(r => r.IotlbMisses));
            Assert.Equal(run.PageWalks, rows.Sum(r => r.Walks));
            Assert.Equal(run.IoPageFaults, rows.Sum(r => r.IoPageFaults));
            foreach (var row in rows)
                Assert.Equal((double)row.IotlbHits / (row.IotlbHits + row.IotlbMisses), row.IotlbHitRate, 12);
        }
    }

    [Theory]
    [InlineData("base")]
    [InlineData("strict")]
    public void The_latency_of_every_dma_counts_every_completed_dma(string variant)
    {
        var row = Assert.Single(_results.Latency, r => r.Variant == variant && r.Device == "all" && r.Metric == "dma");
        long completed = _results.Runs.Where(r => r.Variant == variant).Sum(r => r.DmaTransactions);
        // 10 Gbps of 4 KiB for 2 ms: 10e9 * 2e-3 / (4096 * 8) = 610 per replication, Poisson: within a few sigma of 1831 over 3.
        Assert.InRange(completed, 1831 - 200, 1831 + 200);
        Assert.Equal(completed, row.Count);
        Assert.Equal(row.MeanNs, _results[variant].MeanNs, 9);
    }

    [Theory]
    [InlineData("base")]
    [InlineData("strict")]
    public void The_distribution_gives_the_latency_rows_percentiles(string variant)
    {
        var row = Assert.Single(_results.Latency, r => r.Variant == variant && r.Device == "nic0" && r.Metric == "dma");
        var h = _results.Distribution(variant, "nic0", "dma");
        Assert.Equal(row.Count, h.Count);
        Assert.Equal(row.P50Ns, h.Percentile(0.5) / 1000.0, 9);
        Assert.Equal(row.P99Ns, h.Percentile(0.99) / 1000.0, 9);
        Assert.Equal(row.MaxNs, h.Max / 1000.0, 9);
        var all = _results.Distribution(variant);
        Assert.Equal(_results[variant].P99Ns, all.Percentile(0.99) / 1000.0, 9);
    }

    [Fact]
    public void An_unknown_variant_lists_the_variants()
    {
        Assert.Contains("no variant 'lazy'; expected one of base, strict", Assert.Throws<ArgumentException>(() => _results["lazy"]).Message);
        Assert.Contains("expected one of base, strict", Assert.Throws<ArgumentException>(() => _results.Distribution("lazy")).Message);
        Assert.Contains("expected one of base, strict", Assert.Throws<ArgumentException>(() => _results.Swept("lazy")).Message);
    }

    [Fact]
    public void An_unknown_chart_lists_the_charts()
    {
        Assert.Contains(_results.Charts, c => c.Id == "latency-cdf");
        Assert.Same(_results.Charts.First(c => c.Id == "latency-cdf").Title, _results.Chart("latency-cdf").Title);
        var e = Assert.Throws<ArgumentException>(() => _results.Chart("latency-cfd"));
        Assert.Contains("no chart 'latency-cfd'; expected one of ", e.Message);
        Assert.Contains(string.Join(", ", _results.Charts.Select(c => c.Id)), e.Message);
    }

    [Fact]
    public void A_device_that_cannot_be_set_up_is_named_at_its_key()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"iommusim-no-trace-{Guid.NewGuid():N}.csv");
        var s = Scenario.New("replay").WithDevice("r0", "replay", ("trace", new Dictionary<string, object> { ["file"] = missing }));
        var e = Assert.Throws<ScenarioException>(() => s.Run(parallelism: 1));
        // Placed at the call that brought the device, as the CLI places it at the key's line.
        Assert.StartsWith($"WithDevice(\"r0\"): error: devices.0.trace.file: {missing} does not exist", e.Message);
    }
}
