namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>
/// Bad input to <c>iommusim slurm</c> exits 2 and writes nothing (the directory is not even made); the default
/// command is how the tool was started; <c>--submit</c> prints the job ids sbatch gives, and a missing or failing sbatch
/// is a clear error.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SlurmOptionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Out => _temp["out"];

    private void AssertRejected(string expected, params string[] args)
    {
        var (exit, output, err) = CliRunner.Run(["slurm", .. args]);
        Assert.True(exit == 2, err);
        Assert.Equal("", output);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out), "nothing is written on bad input");
    }

    [Fact]
    public void Fewer_than_one_shard_is_refused() =>
        AssertRejected("--shards must be at least 1", RepositoryFiles.Quickstart, "--shards", "0", "--out", Out);

    [Fact]
    public void More_shards_than_run_shard_takes_are_refused() =>
        AssertRejected("--shards 10001: error: expected 1 to 10,000 shards", RepositoryFiles.Quickstart, "--shards", "10001", "--out", Out);

    [Fact]
    public void The_shard_count_is_required() =>
        AssertRejected("--shards", RepositoryFiles.Quickstart, "--out", Out);

    [Fact]
    public void A_throttle_below_one_is_refused() =>
        AssertRejected("--throttle must be at least 1", RepositoryFiles.Quickstart, "--shards", "4", "--throttle", "0", "--out", Out);

    [Fact]
    public void Cpus_below_one_are_refused() =>
        AssertRejected("--cpus-per-task must be at least 1", RepositoryFiles.Quickstart, "--shards", "4", "--cpus-per-task", "-1", "--out", Out);

    [Theory]
    [InlineData("1h")]
    [InlineData("1:2:3:4")]
    public void A_bad_time_limit_is_refused(string time) =>
        AssertRejected($"--time {time}: error: not a Slurm time limit", RepositoryFiles.Quickstart, "--shards", "4", "--time", time, "--out", Out);

    [Fact]
    public void A_bad_partition_is_refused() =>
        AssertRejected("--partition a b: error: expected a partition name", RepositoryFiles.Quickstart, "--shards", "4", "--partition", "a b", "--out", Out);

    [Fact]
    public void A_bad_volume_claim_is_refused() =>
        AssertRejected("--volume-claim My_Claim: error:", RepositoryFiles.Quickstart, "--shards", "4", "--volume-claim", "My_Claim", "--out", Out);

    [Fact]
    public void A_bad_scenario_is_refused()
    {
        string file = _temp.Write("bad.yaml", "name: bad\nrun:\n  duraton: 1ms\ndevices: []\n");
        AssertRejected("duraton", file, "--shards", "4", "--out", Out);
    }

    [Fact]
    public void A_bad_set_is_refused() =>
        AssertRejected("no.such.key", RepositoryFiles.Quickstart, "--shards", "4", "--set", "no.such.key=1", "--out", Out);

    [Fact]
    public void An_unknown_variant_is_refused() =>
        AssertRejected("the scenario has no variant 'hugepage'", RepositoryFiles.Quickstart, "--shards", "4", "--variant", "hugepage", "--out", Out);

    [Fact]
    public void An_out_that_cannot_go_into_an_sbatch_line_is_refused() =>
        AssertRejected("which an #SBATCH line cannot carry", RepositoryFiles.Quickstart, "--shards", "4", "--out", Out + "/say \"hi\"");

    [Fact]
    public void An_out_that_is_a_file_is_refused()
    {
        _temp.Write("out", "");
        var (exit, _, err) = CliRunner.Run("slurm", RepositoryFiles.Quickstart, "--shards", "4", "--out", Out);
        Assert.True(exit == 2, err);
        Assert.Contains("this is an existing file", err, StringComparison.Ordinal);
        Assert.Equal("", File.ReadAllText(Out));
    }

    [Fact]
    public void More_shards_than_cells_warns()
    {
        // quickstart: 3 variants x 5 replications = 15 cells.
        var (exit, _, err) = CliRunner.Run("slurm", RepositoryFiles.Quickstart, "--shards", "16", "--out", Out, "--command", "iommusim");
        Assert.Equal(0, exit);
        Assert.Contains("--shards 16 is more than the 15 cells", err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_command_is_how_this_iommusim_was_started()
    {
        var (exit, _, err) = ToolProcess.Run(new Dictionary<string, string>(), "slurm", RepositoryFiles.Quickstart, "--shards", "2", "--out", Out);
        Assert.True(exit == 0, err);
        string line = File.ReadAllLines(Path.Combine(Out, "array.sbatch")).Single(l => l.StartsWith("exec ", StringComparison.Ordinal));
        var words = Bash.Words(line["exec ".Length..], ("SLURM_ARRAY_TASK_ID", "0"));
        Assert.Equal([Path.GetFullPath(ToolProcess.DotnetHost), ToolProcess.CliDll, "run", RepositoryFiles.Quickstart], words.Take(4));
    }

    [Fact]
    public void Submit_without_sbatch_exits_2_and_writes_nothing()
    {
        Directory.CreateDirectory(_temp["empty"]);
        var (exit, output, err) = ToolProcess.Run(new Dictionary<string, string> { ["PATH"] = _temp["empty"] },
            "slurm", RepositoryFiles.Quickstart, "--shards", "2", "--out", Out, "--submit");
        Assert.True(exit == 2, err);
        Assert.Equal("", output);
        Assert.Contains("--submit: error: sbatch is not on PATH", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Submit_prints_the_ids_sbatch_gives()
    {
        string log = _temp["sbatch.log"];
        string path = FakeSbatch($"echo \"$*\" >> '{log}'\ncase \"$*\" in *merge*) echo '1002;c1' ;; *) echo 1001 ;; esac");
        var (exit, output, err) = ToolProcess.Run(new Dictionary<string, string> { ["PATH"] = path },
            "slurm", RepositoryFiles.Quickstart, "--shards", "2", "--out", Out, "--submit");
        Assert.True(exit == 0, err);
        Assert.Contains("array job 1001\nmerge job 1002\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"wrote {Out}/array.sbatch", output, StringComparison.Ordinal);
        Assert.Equal(["--parsable array.sbatch", "--parsable --dependency=afterok:1001 merge.sbatch"], File.ReadAllLines(log));
    }

    [Fact]
    public void A_refused_submission_exits_1_with_sbatchs_words()
    {
        string path = FakeSbatch("echo 'sbatch: error: invalid partition specified: nosuch' >&2\nexit 1");
        var (exit, _, err) = ToolProcess.Run(new Dictionary<string, string> { ["PATH"] = path },
            "slurm", RepositoryFiles.Quickstart, "--shards", "2", "--out", Out, "--partition", "nosuch", "--submit");
        Assert.Equal(1, exit);
        Assert.Contains("error: submitting array.sbatch: sbatch exited with 1: sbatch: error: invalid partition specified: nosuch", err, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "array.sbatch")), "the scripts stay, to submit by hand");
    }

    [Fact]
    public void A_refused_merge_names_the_array_job_to_cancel()
    {
        string path = FakeSbatch("case \"$*\" in *merge*) echo 'sbatch: error: Job dependency problem' >&2; exit 1 ;; *) echo 77 ;; esac");
        var (exit, output, err) = ToolProcess.Run(new Dictionary<string, string> { ["PATH"] = path },
            "slurm", RepositoryFiles.Quickstart, "--shards", "2", "--out", Out, "--submit");
        Assert.Equal(1, exit);
        Assert.Contains("array job 77", output, StringComparison.Ordinal);
        Assert.Contains("merge.sbatch: sbatch exited with 1: sbatch: error: Job dependency problem", err, StringComparison.Ordinal);
        Assert.Contains("scancel 77", err, StringComparison.Ordinal);
    }

    // A directory holding only a stand-in sbatch running <paramref name="body"/>, for PATH; /bin for the shell's own tools.
    private string FakeSbatch(string body)
    {
        string bin = _temp["bin"];
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "sbatch"), "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(Path.Combine(bin, "sbatch"), (UnixFileMode)0b111_101_101);
        return bin + ":/usr/bin:/bin";
    }
}
