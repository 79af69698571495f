using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Outputs;

namespace IommuSim.Scenarios.Tests.Outputs;

public class CsvOutputTests
{
    private static LoadedScenario Quickstart()
    {
        var outcome = ScenarioLoader.LoadFile(RepositoryFiles.TwoVariants, [], null);
        Assert.True(outcome.Ok, string.Join("\n", outcome.Problems));
        return outcome.Scenario!;
    }

    private static string[] Lines(string path) => File.ReadAllText(path).Split('\n');

    [Fact]
    public void Summary_has_the_contract_columns_and_fixed_invariant_numbers()
    {
        using var dir = new TempDirectory();
        var results = new[]
        {
            Results.Make("base", 0, Results.Histogram(100, 200, 250)),
            Results.Make("passthrough", 0, Results.Histogram(), hits: 0, misses: 0),
        };
        RunOutputs.Write(dir["out"], Quickstart(), results, "9.9.9");
        var lines = Lines(dir["out/summary.csv"]);
        Assert.Equal("variant,replication,seed,sim_time_s,offered_gbps,achieved_gbps,dma_transactions,iotlb_hit_rate,page_walks," +
                     "io_page_faults,interrupts,cpu_util,lat_mean_ns,lat_p50_ns,lat_p99_ns,lat_p999_ns,lat_max_ns,page_table_bytes," +
                     "cpu_busy,cpu_util_max", lines[0]);
        // Mean 550/3 ps = 0.183 ns; p50 is the 2nd of 3 values; p99 and p99.9 the 3rd; hit rate 3/4;
        // a CPU share of -1e-12 prints as zero, without a minus sign.
        Assert.Equal("base,0,77,0.010000000,10.000000,9.876543,30517,0.750000,12,2,400,0.000000,0.183,0.200,0.250,0.250,0.250,0,0.000000,0.000000", lines[1]);
        // No IOTLB lookups and no latency samples: empty fields, not NaN.
        Assert.Equal("passthrough,0,77,0.010000000,10.000000,9.876543,30517,,12,2,400,0.000000,,,,,,0,0.000000,0.000000", lines[2]);
        Assert.Equal("", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void Latency_has_a_row_per_replication_device_and_metric()
    {
        using var dir = new TempDirectory();
        var translation = new LatencyMetric("nic0", "translation", Results.Histogram(10, 20, 30, 40));
        RunOutputs.Write(dir["out"], Quickstart(), [Results.Make("base", 0, Results.Histogram(100), extra: [translation]), Results.Make("base", 1, Results.Histogram(200))], "9.9.9");
        var lines = Lines(dir["out/latency.csv"]);
        Assert.Equal("variant,replication,device,metric,count,mean_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns", lines[0]);
        Assert.Equal("base,0,all,dma,1,0.100,0.100,0.100,0.100,0.100,0.100", lines[1]);
        // 10..40 ps: mean 25; p50 rank 2 = 20; p90 rank ceil(3.6) = 4 = 40.
        Assert.Equal("base,0,nic0,translation,4,0.025,0.020,0.040,0.040,0.040,0.040", lines[2]);
        Assert.Equal("base,1,all,dma,1,0.200,0.200,0.200,0.200,0.200,0.200", lines[3]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void Histogram_merges_the_replications_of_a_variant_bucket_by_bucket()
    {
        using var dir = new TempDirectory();
        RunOutputs.Write(dir["out"], Quickstart(),
        [
            Results.Make("base", 0, Results.Histogram(100, 100)),
            Results.Make("base", 1, Results.Histogram(100, 200)),
            Results.Make("passthrough", 0, Results.Histogram(5)),
        ], "9.9.9");
        var lines = Lines(dir["out/histogram.csv"]);
        Assert.Equal([
            "variant,device,metric,lo_ns,hi_ns,count",
            "base,all,dma,0.100,0.101,3",
            "base,all,dma,0.200,0.201,1",
            "passthrough,all,dma,0.005,0.006,1",
            "",
        ], lines);
    }

    [Fact]
    public void Fields_that_need_it_are_quoted()
    {
        using var dir = new TempDirectory();
        RunOutputs.Write(dir["out"], Quickstart(), [Results.Make("base/a=1,b=2", 0, Results.Histogram(1))], "9.9.9");
        Assert.StartsWith("\"base/a=1,b=2\",0,77,", Lines(dir["out/summary.csv"])[1]);
    }

    [Fact]
    public void Outputs_replace_older_files_keep_others_and_leave_no_staging_directory()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir["out"]);
        File.WriteAllText(dir["out/summary.csv"], "old");
        File.WriteAllText(dir["out/notes.txt"], "mine");
        RunOutputs.Write(dir["out"], Quickstart(), [Results.Make("base", 0, Results.Histogram(1))], "9.9.9");
        Assert.StartsWith("variant,", File.ReadAllText(dir["out/summary.csv"]));
        Assert.Equal("mine", File.ReadAllText(dir["out/notes.txt"]));
        Assert.Equal(["out", "out/cpu.csv", "out/devices.csv", "out/figures.csv", "out/histogram.csv", "out/iommu.csv", "out/latency.csv", "out/notes.txt", "out/report.html",
                "out/scenario.resolved.yaml", "out/summary.csv", "out/sweep.csv"],
            dir.Entries().Select(e => e.Replace('\\', '/')));
    }

    [Fact]
    public void A_failure_while_writing_leaves_neither_the_target_nor_a_half_file()
    {
        using var dir = new TempDirectory();
        // Histogram.Percentile cannot fail, but a metric list that throws on enumeration can stand in
        // for any error in the middle of writing.
        var broken = Results.Make("base", 0, Results.Histogram(1)) with { Metrics = new ThrowingList() };
        Assert.Throws<IOException>(() => RunOutputs.Write(dir["out"], Quickstart(), [broken], "9.9.9"));
        Assert.Empty(dir.Entries());
        // "out/" names the same target: it is not created either (staging happens beside it).
        Assert.Throws<IOException>(() => RunOutputs.Write(dir["out"] + Path.DirectorySeparatorChar, Quickstart(), [broken], "9.9.9"));
        Assert.Empty(dir.Entries());
    }

    [Theory]
    [InlineData(0.0, 3, "0.000")]
    [InlineData(-0.0001, 3, "0.000")]
    [InlineData(-0.0006, 3, "-0.001")]
    [InlineData(1234567.891, 2, "1234567.89")]
    [InlineData(1e-7, 6, "0.000000")]
    [InlineData(1e20, 1, "100000000000000000000.0")]
    [InlineData(double.NaN, 3, "")]
    [InlineData(double.PositiveInfinity, 3, "")]
    public void Numbers_have_fixed_decimals_and_no_exponent(double value, int decimals, string expected) =>
        Assert.Equal(expected, CsvNumbers.Fixed(value, decimals));

    [Fact]
    public void Picoseconds_become_exact_nanoseconds_and_seconds_round_to_the_nanosecond()
    {
        Assert.Equal("123456789.123", CsvNumbers.Nanoseconds(123_456_789_123L));
        Assert.Equal("0.001", CsvNumbers.Nanoseconds(1L));
        Assert.Equal("1.500000000", CsvNumbers.Seconds(SimTime.FromMilliseconds(1500)));
        Assert.Equal("0.000000002", CsvNumbers.Seconds(SimTime.FromPicoseconds(1500)));
    }

    private sealed class ThrowingList : IReadOnlyList<LatencyMetric>
    {
        public LatencyMetric this[int index] => throw new IOException("disk full");
        public int Count => 1;
        public IEnumerator<LatencyMetric> GetEnumerator() => throw new IOException("disk full");
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
