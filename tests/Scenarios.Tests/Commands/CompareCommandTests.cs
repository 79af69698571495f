using System.Text.Json;

namespace IommuSim.Scenarios.Tests.Commands;

public class CompareCommandTests
{
    /// <summary>
    /// A 10 Gbps stream of 4 KiB writes to 4096 pre-mapped 4 KiB buffers for 4 ms, lazy and passthrough: with the
    /// IOMMU most DMAs miss the 116-entry IOTLB and wait for a walk (hundreds of ns), without it none does, so their
    /// latency differs by far more than its noise, while the throughput, set by the arrivals, does not differ.
    /// </summary>
    internal const string Tiny = """
        name: tiny
        run:
          duration: 4ms
          warmup: 1ms
          seed: 1
          replications: 4
        host:
          mode: lazy
        devices:
          - name: nic0
            type: dma-stream
            rate: 10Gbps
            arrival: poisson
            direction: write
            size: 4KiB
            buffers: 4096
            buffer_size: 4KiB
            access: uniform
        variants:
          passthrough:
            host.mode: passthrough

        """;

    // Each comparison writes its report.html into a directory of its own (--out), not the shared out/compare.
    private static (int Exit, string Out, string Err) Compare(params string[] args) =>
        args.Contains("--out") ? CliRunner.Run(["compare", .. args])
            : CliRunner.Run(["compare", .. args, "--out", Path.Combine(Path.GetTempPath(), "iommusim-tests", Guid.NewGuid().ToString("N"))]);

    private static JsonElement Figure(JsonElement variant, string name) =>
        variant.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("figure").GetString() == name);

    [Fact]
    public void Passthrough_against_lazy_is_a_significant_fall_in_latency()
    {
        using var dir = new TempDirectory();
        var (exit, output, err) = Compare(dir.Write("tiny.yaml", Tiny), "--json", "--jobs", "2");
        Assert.True(exit == 0, err);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("base", root.GetProperty("baseline").GetString());
        var variants = root.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["base", "passthrough"], variants.Select(v => v.GetProperty("variant").GetString()));
        Assert.True(variants[0].GetProperty("baseline").GetBoolean());
        Assert.Equal(4, variants[1].GetProperty("replications").GetInt32());
        var latency = Figure(variants[1], "lat_mean_ns");
        Assert.True(latency.GetProperty("significant").GetBoolean());
        Assert.True(latency.GetProperty("change").GetDouble() < -0.5, latency.ToString());
        Assert.True(latency.GetProperty("p_value").GetDouble() < 0.05);
        // Passthrough makes no IOTLB lookups: no hit rate, so no test.
        Assert.Equal(JsonValueKind.Null, Figure(variants[1], "iotlb_hit_rate").GetProperty("significant").ValueKind);
        Assert.Equal(JsonValueKind.Null, Figure(variants[1], "iotlb_hit_rate").GetProperty("mean").ValueKind);
        // The baseline against itself: no change, no test.
        var own = Figure(variants[0], "lat_mean_ns");
        Assert.Equal(JsonValueKind.Null, own.GetProperty("significant").ValueKind);
        Assert.Equal(JsonValueKind.Null, own.GetProperty("change").ValueKind);
        // The mean is that of the replications, with a half-width from them.
        Assert.True(own.GetProperty("ci95").GetDouble() > 0);
    }

    [Fact]
    public void The_table_names_the_baseline_and_says_yes_no_or_na()
    {
        using var dir = new TempDirectory();
        var (exit, output, err) = Compare(dir.Write("tiny.yaml", Tiny), "--baseline", "passthrough", "--jobs", "2");
        Assert.True(exit == 0, err);
        Assert.Contains("compare (baseline: passthrough)", output);
        Assert.Contains("│ base (4 reps)", output);
        Assert.Contains("baseline", output);
        Assert.Contains(" yes │", output);
        // base's IOTLB hit rate against passthrough, which has none.
        Assert.Contains(" n/a │", output);
        Assert.Contains("Welch's t-test", output);
    }

    [Fact]
    public void One_replication_cannot_be_tested()
    {
        using var dir = new TempDirectory();
        var (exit, output, err) = Compare(dir.Write("tiny.yaml", Tiny), "--json", "--set", "run.replications=1");
        Assert.True(exit == 0, err);
        using var json = JsonDocument.Parse(output);
        var passthrough = json.RootElement.GetProperty("variants")[1];
        Assert.All(passthrough.GetProperty("figures").EnumerateArray(), f =>
        {
            Assert.Equal(JsonValueKind.Null, f.GetProperty("significant").ValueKind);
            Assert.Equal(JsonValueKind.Null, f.GetProperty("ci95").ValueKind);
        });
        var (_, table, _) = Compare(dir["tiny.yaml"], "--set", "run.replications=1");
        Assert.Contains(" n/a │", table);
        Assert.DoesNotContain(" yes │", table);
    }

    [Fact]
    public void Several_files_name_their_variants_by_file_and_baseline_picks_one()
    {
        using var dir = new TempDirectory();
        string a = dir.Write("a.yaml", Tiny);
        string b = dir.Write("b.yaml", Tiny.Replace("seed: 1", "seed: 2"));
        var (exit, output, err) = Compare(a, b, "--json", "--baseline", "b:base", "--jobs", "2");
        Assert.True(exit == 0, err);
        using var json = JsonDocument.Parse(output);
        Assert.Equal([a, b], json.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("b:base", json.RootElement.GetProperty("baseline").GetString());
        var variants = json.RootElement.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["a:base", "a:passthrough", "b:base", "b:passthrough"], variants.Select(v => v.GetProperty("variant").GetString()));
        Assert.True(variants[2].GetProperty("baseline").GetBoolean());
        // a:passthrough against b:base: the fall in latency shows across files as within one.
        Assert.True(Figure(variants[1], "lat_mean_ns").GetProperty("significant").GetBoolean());
    }

    [Fact]
    public void The_comparison_does_not_depend_on_the_number_of_workers()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("tiny.yaml", Tiny);
        var one = Compare(file, "--json", "--jobs", "1", "--out", dir["one"]);
        var two = Compare(file, "--json", "--jobs", "2", "--out", dir["two"]);
        Assert.Equal(0, one.Exit);
        Assert.Equal(one.Out, two.Out);
        // The report of every compared variant, the same bytes too.
        string report = File.ReadAllText(dir["one/report.html"]);
        Assert.Contains("<h1>compare</h1>", report);
        Assert.Equal(File.ReadAllBytes(dir["one/report.html"]), File.ReadAllBytes(dir["two/report.html"]));
    }

    [Fact]
    public void An_unknown_baseline_exits_2_listing_the_variants()
    {
        using var dir = new TempDirectory();
        var (exit, output, err) = Compare(dir.Write("tiny.yaml", Tiny), "--baseline", "pasthrough");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("--baseline pasthrough: error: no variant 'pasthrough' (did you mean 'passthrough'?); expected one of: base, passthrough", err);
    }

    [Fact]
    public void A_problem_in_any_file_exits_2_naming_file_line_and_column_before_anything_runs()
    {
        using var dir = new TempDirectory();
        string good = dir.Write("good.yaml", Tiny);
        string bad = dir.Write("bad.yaml", Tiny.Replace("rate: 10Gbps", "rate: 10Gbs"));
        var (exit, output, err) = Compare(good, bad);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        // Line 12, column 11: the value after "    rate: " in the device (the raw string's indentation removed).
        Assert.StartsWith($"{bad}:12:11: error: ", err);
        var missing = Compare(dir["nothing.yaml"]);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("nothing.yaml", missing.Err);
        var twice = Compare(good, good);
        Assert.Equal(2, twice.Exit);
        Assert.Contains("compared twice", twice.Err);
        var none = Compare();
        Assert.Equal(2, none.Exit);
    }
}
