namespace IommuSim.Scenarios.Tests.Commands;

public class ValidateCommandTests
{
    [Fact]
    public void Quickstart_is_valid_with_a_one_line_summary()
    {
        var (exit, output, err) = CliRunner.Run("validate", RepositoryFiles.Quickstart);
        Assert.True(exit == 0, err);
        Assert.Equal($"OK {RepositoryFiles.Quickstart}: scenario 'quickstart', 3 variants (base, passthrough, hugepages), 15 runs, 1 device, about 549,000 DMAs\n",
            output.ReplaceLineEndings("\n"));
        Assert.Equal("", err);
    }

    [Theory]
    [InlineData("scenarios/bypass-intremap.yaml", "scenario 'bypass-intremap', 2 variants (base, intremap-off), 2 runs, 2 devices, about 36,700 DMAs")]
    [InlineData("scenarios/vfio-assign.yaml", "scenario 'vfio-assign', 1 variant (base), 1 run, 2 devices, about 18,300 DMAs")]
    [InlineData("scenarios/strict-vs-lazy.yaml", "scenario 'strict-vs-lazy', 10 variants (base/devices.eth0.line_rate=10Gbps, " +
        "base/devices.eth0.line_rate=25Gbps, off/devices.eth0.line_rate=10Gbps, off/devices.eth0.line_rate=25Gbps, passthrough/devices.eth0.line_rate=10Gbps, ...), " +
        "50 runs, 1 device, about 3,130,000 DMAs")]
    [InlineData("tests/Scenarios.Tests/Fixtures/per-request-one-cpu.yaml", "scenario 'per-request-one-cpu', 8 variants (base/devices.nic0.rate=5Gbps, " +
        "base/devices.nic0.rate=10Gbps, base/devices.nic0.rate=14Gbps, base/devices.nic0.rate=20Gbps, strict/devices.nic0.rate=5Gbps, ...), " +
        "24 runs, 1 device, about 2,940,000 DMAs")]
    public void Platform_scenarios_are_valid(string relative, string summary)
    {
        string file = RepositoryFiles.Path(relative);
        var (exit, output, err) = CliRunner.Run("validate", file);
        Assert.True(exit == 0, err);
        Assert.Equal($"OK {file}: {summary}\n", output.ReplaceLineEndings("\n"));
        Assert.Equal("", err);
    }

    [Fact]
    public void Set_and_seed_are_checked_too()
    {
        var (exit, _, err) = CliRunner.Run("validate", RepositoryFiles.Quickstart, "--set", "run.replications=3", "--set", "host.mode=strict");
        Assert.True(exit == 0, err);
        (exit, _, err) = CliRunner.Run("validate", RepositoryFiles.Quickstart, "--set", "run.replications=three");
        Assert.Equal(2, exit);
        Assert.Equal("--set run.replications=three: error: run.replications: 'three' is not a whole number; expected a whole number\n", err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Variant_counts_the_runs_of_the_variants_named()
    {
        var (exit, output, err) = CliRunner.Run("validate", RepositoryFiles.Quickstart, "--variant", "hugepages", "--variant", "base");
        Assert.True(exit == 0, err);
        Assert.Equal($"OK {RepositoryFiles.Quickstart}: scenario 'quickstart', 2 of 3 variants (base, hugepages), 10 runs, 1 device, about 366,000 DMAs\n",
            output.ReplaceLineEndings("\n"));

        (exit, output, err) = CliRunner.Run("validate", RepositoryFiles.Quickstart, "--variant", "hugepage");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("--variant hugepage: error: the scenario has no variant 'hugepage' (did you mean 'hugepages'?); " +
                     "expected one of: base, passthrough, hugepages\n", err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_unknown_variant_of_a_large_sweep_lists_twenty_names_and_counts_the_rest()
    {
        using var dir = new TempDirectory();
        string seeds = string.Join(", ", Enumerable.Range(1, 30));
        string file = dir.Write("sweep.yaml", File.ReadAllText(RepositoryFiles.TwoVariants) + $"sweep:\n  run.seed: [{seeds}]\n");
        var (exit, output, err) = CliRunner.Run("validate", file, "--variant", "nonsense");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        // Two variants crossed with 30 seeds: 60 names, the first 20 being base/run.seed=1 .. base/run.seed=20.
        string listed = string.Join(", ", Enumerable.Range(1, 20).Select(i => $"base/run.seed={i}"));
        Assert.EndsWith($"expected one of: {listed} and 40 more\n", err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Every_problem_goes_to_stderr_one_per_line_in_file_order()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("bad.yaml", """
            run:
              seed: x
            devices:
              - name: nic0
                type: dma-stream
                rate: 10
                size: 4KiB
                buffers: 0
                buffer_size: 4KiB
            """);
        var (exit, output, err) = CliRunner.Run("validate", file);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var lines = err.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal([$"{file}:2:9:", $"{file}:6:11:", $"{file}:8:14:"], lines.Select(l => l[..(l.IndexOf(": error", StringComparison.Ordinal) + 1)]));
    }

    [Fact]
    public void A_json_scenario_validates()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("s.json", """
            {"devices": [{"name": "d", "type": "dma-stream", "rate": "1Gbps", "size": "4KiB", "buffers": 2, "buffer_size": "4KiB"}],
             "variants": {"strict": {"host.mode": "strict"}}}
            """);
        var (exit, output, err) = CliRunner.Run("validate", file);
        Assert.True(exit == 0, err);
        Assert.Contains("2 variants (base, strict)", output);
    }

    [Fact]
    public void The_built_command_reports_problems_without_a_stack_trace()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("bad.yaml", "devices: [\n");
        var (exit, output) = CliProcess.Run("validate", file);
        Assert.Equal(2, exit);
        Assert.StartsWith($"{file}:", output);
        Assert.Contains(": error: invalid YAML", output);
        Assert.DoesNotContain("   at ", output);
    }
}
