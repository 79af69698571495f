using System.Text.Json.Nodes;

namespace IommuSim.Scenarios.Tests.Sharding;

/// <summary>
/// <c>run --shard I/N</c> then <c>merge</c> gives the bytes of a single run, whatever N and the order the shards come in;
/// shards that are not every shard of one run, once each, are refused naming them, and nothing is written.
/// </summary>
public sealed class MergeTests
{
    // Quickstart cut short: 3 variants x 3 replications = 9 cells.
    private static readonly string[] Changes = ["--set", "run.duration=1ms", "--set", "run.warmup=500us", "--set", "run.replications=3"];
    private static string Scenario => RepositoryFiles.Quickstart;

    private static void RunShard(string scenario, int index, int count, string directory, params string[] more)
    {
        var (exit, _, err) = CliRunner.Run(["run", scenario, "--shard", $"{index}/{count}", "--out", directory, "--quiet", .. Changes, .. more]);
        Assert.True(exit == 0, err);
    }

    private static (int Exit, string Out, string Err) Merge(string output, params string[] shards) =>
        CliRunner.Run(["merge", .. shards, "--out", output, "--quiet"]);

    [Fact]
    public void Merge_of_any_sharding_gives_the_single_runs_bytes_in_every_file()
    {
        using var dir = new TempDirectory();
        var (exit, _, err) = CliRunner.Run(["run", Scenario, "--out", dir["single"], "--quiet", "--jobs", "3", .. Changes]);
        Assert.True(exit == 0, err);
        var single = Directory.GetFiles(dir["single"]).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(10, single.Count);
        foreach (int n in new[] { 1, 2, 4, 9, 13 })
        {
            var shards = Enumerable.Range(0, n).Select(i => dir[$"n{n}-shard{i}"]).ToList();
            for (int i = 0; i < n; i++) RunShard(Scenario, i, n, shards[i], "--jobs", (1 + i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            // In reverse: the order the shards are named in does not matter.
            var merged = Merge(dir[$"merged-{n}"], [.. Enumerable.Reverse(shards)]);
            Assert.True(merged.Exit == 0, $"N={n}: {merged.Err}");
            Assert.Equal(single, Directory.GetFiles(dir[$"merged-{n}"]).Select(Path.GetFileName).Order().ToList());
            foreach (var file in single)
                Assert.True(File.ReadAllBytes(Path.Combine(dir["single"], file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir[$"merged-{n}"], file!))),
                    $"N={n}: {file} differs from the single run's");
        }
    }

    [Fact]
    public void A_shard_run_again_into_its_directory_replaces_it_and_the_merge_is_unchanged()
    {
        using var dir = new TempDirectory();
        for (int i = 0; i < 3; i++) RunShard(Scenario, i, 3, dir[$"s{i}"]);
        Assert.Equal(0, Merge(dir["first"], dir["s0"], dir["s1"], dir["s2"]).Exit);
        RunShard(Scenario, 1, 3, dir["s1"]);
        Assert.Equal(["results.json", "shard.json"], Directory.GetFiles(dir["s1"]).Select(Path.GetFileName).Order());
        Assert.Equal(0, Merge(dir["second"], dir["s0"], dir["s1"], dir["s2"]).Exit);
        foreach (var file in Directory.GetFiles(dir["first"]))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(dir["second"], Path.GetFileName(file))));
    }

    [Fact]
    public void The_manifest_names_the_tool_the_scenario_and_the_shards_cells()
    {
        using var dir = new TempDirectory();
        RunShard(Scenario, 1, 4, dir["s1"]);
        var manifest = JsonNode.Parse(File.ReadAllText(dir["s1/shard.json"]))!;
        Assert.Equal("iommusim-shard", (string?)manifest["format"]);
        Assert.Equal(1, (int)manifest["shard"]!);
        Assert.Equal(4, (int)manifest["shards"]!);
        Assert.Equal(9, (int)manifest["total_cells"]!);
        // Cells 1 and 5 of 9 (k mod 4 = 1): base replication 1, passthrough replication 2.
        var cells = manifest["cells"]!.AsArray().Select(c => ((int)c!["index"]!, (string?)c["variant"], (int)c["replication"]!)).ToList();
        Assert.Equal([(1, "base", 1), (5, "passthrough", 2)], cells);
        Assert.Equal(File.ReadAllText(Scenario), (string?)manifest["scenario"]!["text"]);
        Assert.Equal(64, ((string?)manifest["scenario_sha256"])!.Length);
    }

    [Fact]
    public void A_missing_shard_is_refused_naming_it()
    {
        using var dir = new TempDirectory();
        foreach (int i in new[] { 0, 1, 3 }) RunShard(Scenario, i, 4, dir[$"s{i}"]);
        var (exit, _, err) = Merge(dir["out"], dir["s0"], dir["s1"], dir["s3"]);
        Assert.Equal(2, exit);
        Assert.Contains("merge: error: shard 2/4 missing; expected every shard from 0/4 to 3/4", err);
        Assert.False(Directory.Exists(dir["out"]));
    }

    [Fact]
    public void A_shard_given_twice_is_refused_naming_both()
    {
        using var dir = new TempDirectory();
        for (int i = 0; i < 2; i++) RunShard(Scenario, i, 2, dir[$"s{i}"]);
        Directory.CreateDirectory(dir["copy"]);
        foreach (var f in Directory.GetFiles(dir["s1"])) File.Copy(f, Path.Combine(dir["copy"], Path.GetFileName(f)));
        var (exit, _, err) = Merge(dir["out"], dir["s0"], dir["s1"], dir["copy"]);
        Assert.Equal(2, exit);
        Assert.Contains($"{dir["s1"]} and {dir["copy"]}: error: each is shard 1/2; expected each shard once", err);
        Assert.False(Directory.Exists(dir["out"]));
    }

    [Fact]
    public void Shards_of_another_scenario_other_changes_another_count_or_another_tool_are_refused()
    {
        using var dir = new TempDirectory();
        RunShard(Scenario, 0, 2, dir["s0"]);
        RunShard(Scenario, 1, 2, dir["s1"]);
        RunShard(Scenario, 1, 2, dir["seed"], "--seed", "7");
        RunShard(RepositoryFiles.TwoVariants, 1, 2, dir["other"]);
        RunShard(Scenario, 1, 3, dir["three"]);

        var seed = Merge(dir["out"], dir["s0"], dir["seed"]);
        Assert.Equal(2, seed.Exit);
        Assert.Contains($"{dir["seed"]}: error: a shard of another scenario or other changes", seed.Err);
        Assert.Contains($"{dir["other"]}: error: a shard of another scenario or other changes", Merge(dir["out"], dir["s0"], dir["other"]).Err);
        Assert.Contains($"{dir["three"]}: error: one of 3 shards, {dir["s0"]} one of 2 shards; expected the shards of one run", Merge(dir["out"], dir["s0"], dir["three"]).Err);

        // Another version of the tool: its outputs would name it, so they would not be this merge's bytes.
        var manifest = JsonNode.Parse(File.ReadAllText(dir["s1/shard.json"]))!;
        manifest["tool_version"] = "0.0.1+elsewhere";
        File.WriteAllText(dir["s1/shard.json"], manifest.ToJsonString());
        var tool = Merge(dir["out"], dir["s0"], dir["s1"]);
        Assert.Equal(2, tool.Exit);
        Assert.Contains($"{dir["s1"]}: error: a shard of iommusim 0.0.1+elsewhere; expected ", tool.Err);
        Assert.False(Directory.Exists(dir["out"]));
    }

    [Fact]
    public void A_changed_manifest_or_unreadable_results_or_a_directory_that_is_no_shard_are_refused()
    {
        using var dir = new TempDirectory();
        RunShard(Scenario, 0, 2, dir["s0"]);
        RunShard(Scenario, 1, 2, dir["s1"]);

        // A cell changed: the hash still matches, the cells are not shard 1's.
        var manifest = JsonNode.Parse(File.ReadAllText(dir["s1/shard.json"]))!;
        manifest["cells"]!.AsArray()[0]!["replication"] = 0;
        File.WriteAllText(dir["s1/shard.json"], manifest.ToJsonString());
        var moved = Merge(dir["out"], dir["s0"], dir["s1"]);
        Assert.Equal(2, moved.Exit);
        Assert.Contains($"{dir["s1"]}: error: its cells are not shard 1/2's of this scenario (4 of 9 cells); expected an unchanged shard", moved.Err);

        // A results file of another shard of the same run beside this manifest.
        RunShard(Scenario, 1, 2, dir["s1"]);
        File.Copy(dir["s0/results.json"], dir["s1/results.json"], overwrite: true);
        Assert.Contains($"{dir["s1"]}/results.json: error: the results are not those of the manifest's 4 cells", Merge(dir["out"], dir["s0"], dir["s1"]).Err);

        // The scenario's text changed: it no longer matches the hash.
        RunShard(Scenario, 1, 2, dir["s1"]);
        manifest = JsonNode.Parse(File.ReadAllText(dir["s1/shard.json"]))!;
        manifest["scenario"]!["text"] = "name: other\n";
        File.WriteAllText(dir["s1/shard.json"], manifest.ToJsonString());
        Assert.Contains($"{dir["s1"]}: error: the manifest's scenario does not match its hash", Merge(dir["out"], dir["s0"], dir["s1"]).Err);

        RunShard(Scenario, 1, 2, dir["s1"]);
        File.WriteAllText(dir["s1/results.json"], "[{\"variant\":");
        Assert.Contains($"{dir["s1"]}/results.json: error: the shard's results cannot be read", Merge(dir["out"], dir["s0"], dir["s1"]).Err);

        Directory.CreateDirectory(dir["empty"]);
        var empty = Merge(dir["out"], dir["s0"], dir["empty"], dir["nowhere"]);
        Assert.Equal(2, empty.Exit);
        Assert.Contains($"{dir["empty"]}: error: no shard.json; expected the --out directory of iommusim run --shard", empty.Err);
        Assert.Contains($"{dir["nowhere"]}: error: no such directory", empty.Err);
        Assert.False(Directory.Exists(dir["out"]));
    }

    [Theory]
    [InlineData("--trace")]
    [InlineData("--png")]
    [InlineData("--json")]
    public void A_shard_writes_no_outputs_of_a_single_run(string option)
    {
        using var dir = new TempDirectory();
        var (exit, _, err) = CliRunner.Run(["run", Scenario, "--shard", "0/2", "--out", dir["s"], option, .. Changes]);
        Assert.Equal(2, exit);
        Assert.Contains("--shard 0/2: error: a shard writes no CSVs, report or traces", err);
        Assert.False(Directory.Exists(dir["s"]));
    }
}
