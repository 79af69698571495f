using System.Text.Json;
using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Scenarios.Commands;

namespace IommuSim.Scenarios.Tests.Commands;

public class RunCommandTests
{
    private static readonly string[] OutputFiles =
        ["cpu.csv", "devices.csv", "figures.csv", "histogram.csv", "iommu.csv", "latency.csv", "report.html", "scenario.resolved.yaml", "summary.csv", "sweep.csv"];

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.RunWith(FakeRunner.Run, ["run", .. args]);

    private static Dictionary<string, byte[]> Files(string directory) =>
        OutputFiles.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(directory, f)));

    [Fact]
    public void Quickstart_writes_every_output_with_a_row_per_variant_and_replication()
    {
        using var dir = new TempDirectory();
        var (exit, output, err) = Run(RepositoryFiles.TwoVariants, "--out", dir["out"]);
        Assert.True(exit == 0, err);
        Assert.Equal(OutputFiles, Directory.GetFiles(dir["out"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var rows = File.ReadAllLines(dir["out/summary.csv"]).Skip(1).Select(l => l.Split(',')).ToList();
        // quickstart: seed 1, two replications of base and passthrough; the fake derives seed + 1000 r.
        Assert.Equal([("base", "0", "1"), ("base", "1", "1001"), ("passthrough", "0", "1"), ("passthrough", "1", "1001")],
            rows.Select(r => (r[0], r[1], r[2])));
        Assert.All(rows, r => Assert.Equal("10.000000", r[4]));
        Assert.Equal(["0.750000", "0.750000", "", ""], rows.Select(r => r[7]));
        // The passthrough replications warn; the warning names the variant.
        Assert.Contains("warning: passthrough: no translation: the IOMMU is bypassed", err);
        Assert.Contains("passthrough", output);
        Assert.Contains("Outputs in", output);
    }

    [Fact]
    public void Outputs_do_not_depend_on_the_number_of_workers_or_on_the_run()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("sweep.yaml", File.ReadAllText(RepositoryFiles.TwoVariants) + "sweep:\n  run.seed: [1, 2, 3]\n  devices.nic0.rate: [1Gbps, 5Gbps]\n");
        Assert.Equal(0, Run(file, "--out", dir["one"], "--jobs", "1").Exit);
        Assert.Equal(0, Run(file, "--out", dir["many"], "--jobs", "7").Exit);
        Assert.Equal(0, Run(file, "--out", dir["again"], "--jobs", "7").Exit);
        var one = Files(dir["one"]);
        Assert.Equal(one, Files(dir["many"]));
        Assert.Equal(one, Files(dir["again"]));
        // 2 variants x 6 grid points x 2 replications.
        Assert.Equal(1 + 24, File.ReadAllLines(dir["one/summary.csv"]).Length);
    }

    [Fact]
    public void Running_the_resolved_scenario_reproduces_the_csv_files()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("s.yaml", File.ReadAllText(RepositoryFiles.TwoVariants) + "sweep:\n  platform.memory.dram_latency: [80ns, 120ns]\n");
        Assert.Equal(0, Run(file, "--out", dir["first"], "--set", "devices.nic0.size=2KiB", "--seed", "42").Exit);
        var (exit, _, err) = Run(dir["first/scenario.resolved.yaml"], "--out", dir["second"]);
        Assert.True(exit == 0, err);
        // The resolved file holds every variant fully resolved and, under swept, the values its sweep point gave, so the
        // rerun writes the same swept columns: every byte is the same.
        Assert.Contains("swept:\n  ", File.ReadAllText(dir["first/scenario.resolved.yaml"]));
        foreach (var csv in new[] { "summary.csv", "sweep.csv", "latency.csv", "histogram.csv", "devices.csv", "cpu.csv", "iommu.csv" })
            Assert.Equal(File.ReadAllText(dir["first/" + csv]), File.ReadAllText(dir["second/" + csv]));
        // And the resolved file of the rerun is the same text: nothing was lost or added on the way.
        Assert.Equal(File.ReadAllText(dir["first/scenario.resolved.yaml"]).Replace("from s.yaml", "from scenario.resolved.yaml"),
            File.ReadAllText(dir["second/scenario.resolved.yaml"]));
    }

    [Fact]
    public void The_resolved_scenario_writes_out_defaults_seed_and_version()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Run(RepositoryFiles.TwoVariants, "--out", dir["out"], "--seed", "9").Exit);
        string resolved = File.ReadAllText(dir["out/scenario.resolved.yaml"]);
        Assert.Contains($"tool_version: \"{ToolVersion.Current}\"", resolved);
        Assert.Contains("include_base: true", resolved);
        Assert.Contains("seed: 9", resolved);
        Assert.DoesNotContain("seed: 1\n", resolved);
        // Defaults the quickstart does not write.
        Assert.Contains("llc_latency: 17ns", resolved);
        Assert.Contains("zipf_exponent: 1", resolved);
        Assert.Contains("page_size: 4KiB", resolved);
        Assert.Contains("  passthrough:\n", resolved);
        Assert.Contains("mode: passthrough", resolved);
    }

    [Fact]
    public void Set_and_seed_apply_to_every_variant()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Run(RepositoryFiles.TwoVariants, "--out", dir["out"], "--set", "devices.nic0.rate=25Gbps", "--seed", "5").Exit);
        var rows = File.ReadAllLines(dir["out/summary.csv"]).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal("25.000000", r[4]));
        Assert.Equal(["5", "1005", "5", "1005"], rows.Select(r => r[2]));
    }

    // The fixture with a third variant, so that a choice can leave one out in the middle.
    private static string ThreeVariants(TempDirectory dir) =>
        dir.Write("three.yaml", File.ReadAllText(RepositoryFiles.TwoVariants) + "  strict:\n    host.mode: strict\n");

    private static string[] CsvFiles => OutputFiles.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)).ToArray();

    // The variant column (the first) of every row of every CSV file, without repeats, in row order.
    private static List<string> VariantsIn(string directory) =>
        CsvFiles.SelectMany(f => File.ReadAllLines(Path.Combine(directory, f)).Skip(1)).Select(l => l.Split(',')[0]).Distinct().ToList();

    [Theory]
    [InlineData("strict base", "base strict")]
    [InlineData("passthrough", "passthrough")]
    [InlineData("strict passthrough strict", "passthrough strict")]
    public void Variant_runs_only_the_named_variants_in_scenario_order_and_the_resolved_file_reruns_them(string named, string expected)
    {
        using var dir = new TempDirectory();
        string file = ThreeVariants(dir);
        string[] args = [file, "--out", dir["first"], "--json", .. named.Split(' ').SelectMany(n => new[] { "--variant", n })];
        var (exit, output, err) = Run(args);
        Assert.True(exit == 0, err);
        string[] want = expected.Split(' ');
        Assert.Equal(want, VariantsIn(dir["first"]));
        Assert.Equal(2 * want.Length, File.ReadAllLines(dir["first/summary.csv"]).Length - 1);
        using (var json = JsonDocument.Parse(output))
            Assert.Equal(want, json.RootElement.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("variant").GetString()));

        // The resolved file holds just those variants: rerun without --variant, it makes the same CSV bytes.
        (exit, _, err) = Run(dir["first/scenario.resolved.yaml"], "--out", dir["second"], "--quiet");
        Assert.True(exit == 0, err);
        foreach (var csv in CsvFiles)
            Assert.Equal(File.ReadAllBytes(dir["first/" + csv]), File.ReadAllBytes(dir["second/" + csv]));
    }

    [Fact]
    public void Variant_rows_are_those_of_the_full_run()
    {
        // Choosing leaves the chosen variants' runs as they were: same seeds, same figures, same bytes per row.
        using var dir = new TempDirectory();
        string file = ThreeVariants(dir);
        Assert.Equal(0, Run(file, "--out", dir["all"], "--quiet").Exit);
        Assert.Equal(0, Run(file, "--out", dir["some"], "--quiet", "--variant", "strict", "--variant", "base").Exit);
        foreach (var csv in CsvFiles)
        {
            var all = File.ReadAllLines(dir["all/" + csv]);
            Assert.Equal([all[0], .. all.Skip(1).Where(l => !l.StartsWith("passthrough,", StringComparison.Ordinal))], File.ReadAllLines(dir["some/" + csv]));
        }
    }

    [Fact]
    public void An_unknown_variant_exits_2_naming_it_and_the_known_ones_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        string file = ThreeVariants(dir);
        var (exit, output, err) = Run(file, "--out", dir["out"], "--variant", "base", "--variant", "pasthrough");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("--variant pasthrough: error: the scenario has no variant 'pasthrough' (did you mean 'passthrough'?); " +
                     "expected one of: base, passthrough, strict\n", err.ReplaceLineEndings("\n"));
        Assert.Equal(["three.yaml"], dir.Entries());
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    // The --set warnings among everything on stderr (the fake's short runs also draw run-quality warnings).
    private static string[] SetWarnings(string err) => Lines(err).Where(l => l.Contains(": --set ", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Set_over_a_variants_own_value_applies_and_warns_for_each_variant_it_overrides()
    {
        using var dir = new TempDirectory();
        string file = ThreeVariants(dir);
        var (exit, output, err) = Run(file, "--out", dir["out"], "--json", "--set", "host.mode=lazy");
        Assert.True(exit == 0, err);
        // --set won: every row translated (the fake's 3n hits of 4n lookups), passthrough's included.
        Assert.All(File.ReadAllLines(dir["out/summary.csv"]).Skip(1), l => Assert.Equal("0.750000", l.Split(',')[7]));
        // base sets no host.mode of its own: no warning for it; the model warns of nothing (all translated).
        string[] expected =
        [
            "passthrough: --set host.mode=lazy overrides the variant's own host.mode: passthrough; the rows labelled passthrough ran with host.mode=lazy",
            "strict: --set host.mode=lazy overrides the variant's own host.mode: strict; the rows labelled strict ran with host.mode=lazy",
        ];
        Assert.Equal(expected.Select(w => "warning: " + w), SetWarnings(err));
        using var json = JsonDocument.Parse(output);
        // First in the JSON, before the run-quality warnings about the fake's short runs.
        Assert.Equal(expected, json.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).Take(2));
    }

    [Fact]
    public void Set_warns_only_for_the_variants_that_run_and_whose_value_it_changes()
    {
        using var dir = new TempDirectory();
        string file = ThreeVariants(dir);
        // The strict variant already has host.mode strict: its rows are what they say, so no warning.
        var (exit, _, err) = Run(file, "--out", dir["one"], "--quiet", "--set", "host.mode=strict");
        Assert.True(exit == 0, err);
        Assert.Equal(["warning: passthrough: --set host.mode=strict overrides the variant's own host.mode: passthrough; " +
                      "the rows labelled passthrough ran with host.mode=strict"], SetWarnings(err));
        // passthrough is not run, so nothing is labelled wrongly.
        (exit, _, err) = Run(file, "--out", dir["two"], "--quiet", "--set", "host.mode=lazy", "--variant", "base");
        Assert.True(exit == 0, err);
        Assert.Empty(SetWarnings(err));
    }

    [Theory]
    [InlineData("devices.nic0.rate=25Gbps")]
    [InlineData("host.cpus=2")]
    [InlineData("run.seed=3")]
    public void Set_on_a_path_no_variant_sets_warns_of_nothing(string set)
    {
        using var dir = new TempDirectory();
        var (exit, _, err) = Run(RepositoryFiles.TwoVariants, "--out", dir["out"], "--quiet", "--set", set);
        Assert.True(exit == 0, err);
        // No --set warning; the model's own warning about the passthrough variant stays.
        Assert.Empty(SetWarnings(err));
        Assert.Contains("warning: passthrough: no translation: the IOMMU is bypassed", Lines(err));
    }

    [Fact]
    public void Set_on_a_swept_path_warns_for_every_point_naming_the_sweep_path()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("sweep.yaml", File.ReadAllText(RepositoryFiles.TwoVariants) + "sweep:\n  devices.nic0.rate: [1Gbps, 5Gbps]\n");
        // devices.0 is devices.nic0 spelt by index: the same path.
        var (exit, _, err) = Run(file, "--out", dir["out"], "--quiet", "--set", "devices.0.rate=25Gbps");
        Assert.True(exit == 0, err);
        // The swept columns say what the sweep point was (5, Gbps); the figures what ran: columns 2 and 3 are the swept value and unit.
        Assert.StartsWith("variant,devices.nic0.rate,devices.nic0.rate_unit,replication,seed,sim_time_s,offered_gbps,", File.ReadAllLines(dir["out/summary.csv"])[0]);
        Assert.All(File.ReadAllLines(dir["out/summary.csv"]).Skip(1), l => Assert.Equal("25.000000", l.Split(',')[6]));
        var warned = SetWarnings(err);
        Assert.Equal(
            from variant in new[] { "base", "passthrough" }
            from rate in new[] { "1Gbps", "5Gbps" }
            let name = $"{variant}/devices.nic0.rate={rate}"
            select $"warning: {name}: --set devices.0.rate=25Gbps overrides the sweep's devices.nic0.rate: {rate}; " +
                   $"the rows labelled {name} ran with devices.0.rate=25Gbps",
            warned);
    }

    [Fact]
    public void Json_prints_a_machine_readable_summary_and_no_table()
    {
        using var dir = new TempDirectory();
        var (exit, output, _) = Run(RepositoryFiles.TwoVariants, "--out", dir["out"], "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("quickstart", root.GetProperty("scenario").GetString());
        Assert.Equal(dir["out"], root.GetProperty("output_directory").GetString());
        Assert.Equal(["summary.csv", "sweep.csv", "latency.csv", "histogram.csv", "devices.csv", "figures.csv", "cpu.csv", "iommu.csv", "scenario.resolved.yaml", "report.html"],
            root.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var variants = root.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["base", "passthrough"], variants.Select(v => v.GetProperty("variant").GetString()));
        Assert.Equal(2, variants[0].GetProperty("replications").GetInt32());
        // Pooled: 3n hits of 4n lookups in each replication.
        Assert.Equal(0.75, variants[0].GetProperty("iotlb_hit_rate").GetDouble());
        Assert.Equal(JsonValueKind.Null, variants[1].GetProperty("iotlb_hit_rate").ValueKind);
        // Achieved 9.5 and 9.6 Gbps: mean 9.55, t(0.975; 1) = 12.706 x s/sqrt(2) = 12.706 x 0.05 = 0.6353.
        Assert.Equal(9.55, variants[0].GetProperty("achieved_gbps").GetDouble(), 9);
        Assert.Equal(0.6353, variants[0].GetProperty("achieved_gbps_ci95").GetDouble(), 3);
        // The model's warning, and for each variant what makes its figures untrustworthy: 51 DMAs per replication,
        // and the interval above, 0.6353 / 9.55 = 6.7% of the mean.
        var warnings = root.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(5, warnings.Count);
        Assert.Contains("passthrough: no translation: the IOMMU is bypassed", warnings);
        Assert.Contains("base: the 95% confidence interval of the achieved throughput is ±6.7% of its mean over 2 replications: " +
                        "add replications or lengthen run.duration", warnings);
        Assert.Contains(warnings, w => w.StartsWith("passthrough: only 51 DMAs completed in a replication", StringComparison.Ordinal));
    }

    [Fact]
    public void Quiet_prints_nothing_on_success()
    {
        using var dir = new TempDirectory();
        var (exit, output, _) = Run(RepositoryFiles.TwoVariants, "--out", dir["out"], "--quiet");
        Assert.Equal(0, exit);
        Assert.Equal("", output);
        Assert.True(File.Exists(dir["out/summary.csv"]));
    }

    [Fact]
    public void A_model_failure_exits_1_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        RunResult Failing(ScenarioSpec spec, string variant, int replication, IProgress<SimTime>? progress, CancellationToken ct) =>
            variant == "passthrough" ? throw new InvalidOperationException("walker pool exhausted") : FakeRunner.Run(spec, variant, replication, progress, ct);
        var (exit, _, err) = CliRunner.RunWith(Failing, "run", RepositoryFiles.TwoVariants, "--out", dir["out"]);
        Assert.Equal(1, exit);
        Assert.Contains("internal error: InvalidOperationException: walker pool exhausted", err);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_runner_that_mislabels_its_result_is_caught_before_anything_is_written()
    {
        using var dir = new TempDirectory();
        RunResult Mislabelled(ScenarioSpec spec, string variant, int replication, IProgress<SimTime>? progress, CancellationToken ct) =>
            FakeRunner.Run(spec, "base", replication, progress, ct);
        var (exit, _, err) = CliRunner.RunWith(Mislabelled, "run", RepositoryFiles.TwoVariants, "--out", dir["out"]);
        Assert.Equal(1, exit);
        Assert.Contains("the runner returned variant 'base'", err);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Out_naming_an_existing_file_is_an_input_error()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("taken", "x");
        var (exit, _, err) = Run(RepositoryFiles.TwoVariants, "--out", file);
        Assert.Equal(2, exit);
        Assert.Equal($"--out {file}: error: this is an existing file; expected a directory (new or existing) for the outputs\n", err.ReplaceLineEndings("\n"));
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("--jobs", "0")]
    [InlineData("--seed", "-1")]
    [InlineData("--seed", "1.5")]
    public void Bad_options_exit_2(string option, string value)
    {
        var (exit, _, err) = Run(RepositoryFiles.TwoVariants, option, value);
        Assert.Equal(2, exit);
        Assert.Contains("error: ", err);
    }

    [Fact]
    public void A_missing_file_exits_2_naming_it()
    {
        using var dir = new TempDirectory();
        var (exit, output, err) = Run(dir["nope.yaml"], "--out", dir["out"]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"{dir["nope.yaml"]}: error: file not found; expected a readable scenario file (.yaml, .yml or .json)\n", err.ReplaceLineEndings("\n"));
        Assert.Empty(dir.Entries());
    }

    [Theory]
    [InlineData("scenarios/quickstart.yaml", "out/quickstart")]
    [InlineData("/a/b/sweep.v2.json", "out/sweep.v2")]
    [InlineData("plain", "out/plain")]
    public void The_default_output_directory_is_out_slash_the_file_name(string file, string expected) =>
        Assert.Equal(expected.Replace('/', Path.DirectorySeparatorChar), RunCommand.DefaultOutputDirectory(file));

    [Fact]
    public void Help_shows_an_example()
    {
        foreach (var command in new[] { "run", "validate", "schema" })
        {
            var (exit, output, _) = CliRunner.Run(command, "--help");
            Assert.Equal(0, exit);
            Assert.Contains("Example: iommusim " + command, output);
        }
    }
}
