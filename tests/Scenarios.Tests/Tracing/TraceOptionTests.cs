namespace IommuSim.Scenarios.Tests.Tracing;

/// <summary>What the trace options refuse (exit 2, a message naming the option, nothing written) and what --emit-formats writes.</summary>
public sealed class TraceOptionTests : IDisposable
{
    private static readonly string Scenario = RepositoryFiles.Path("scenarios/fault-injection.yaml");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("--events", "map,mapp", "--events: 'mapp' is not an iommu event; the events are add_device_to_group, remove_device_from_group, attach_device_to_domain, detach_device_from_domain, map, unmap, io_page_fault")]
    [InlineData("--events", "detach_device_from_domain", "--events: the current kernel has no detach_device_from_domain event (it was removed in v6.3)")]
    [InlineData("--kernel", "3.10", "--kernel: '3.10' is not current, 5.17 or 4.x")]
    [InlineData("--format", "json", "--format: 'json' is not text, dat or both")]
    [InlineData("--dat-version", "8", "--dat-version: 8 is not 6 or 7")]
    [InlineData("--compression", "lz4", "--compression: 'lz4' is not none or zstd")]
    [InlineData("--limit", "-1", "--limit: -1 is negative")]
    public void A_bad_option_exits_2_naming_it_and_writes_nothing(string option, string value, string message)
    {
        var (exit, _, err) = CliRunner.Run("trace", Scenario, "--out", _dir["t"], option, value);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void Zstd_needs_version_7_and_trace_options_need_run_trace()
    {
        var (exit, _, err) = CliRunner.Run("trace", Scenario, "--out", _dir["t"], "--dat-version", "6", "--compression", "zstd");
        Assert.Equal(2, exit);
        Assert.Contains("--compression: zstd needs --dat-version 7", err);
        (exit, _, err) = CliRunner.Run("run", Scenario, "--out", _dir["run"], "--kernel", "4.x");
        Assert.Equal(2, exit);
        Assert.Contains("the trace options need --trace", err);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void A_run_beyond_the_work_budget_needs_force()
    {
        // 100 Gbps of 1500 B writes for 1000 s: 8.3 billion DMAs in the one replication traced.
        var (exit, _, err) = CliRunner.Run("trace", Scenario, "--out", _dir["t"], "--set", "run.duration=1000s", "--set", "devices.nic0.rate=100Gbps");
        Assert.Equal(2, exit);
        Assert.Contains("the scenario asks for about 8,330,000,000 DMAs", err);
        Assert.Contains("or --force to run it anyway", err);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void An_out_that_is_a_directory_is_refused_before_the_run()
    {
        Directory.CreateDirectory(_dir["d"]);
        var (exit, _, err) = CliRunner.Run("trace", Scenario, "--out", _dir["d"]);
        Assert.Equal(2, exit);
        Assert.Contains("is a directory; give a base path inside it", err);
        Assert.Equal(["d"], _dir.Entries());
    }

    [Fact]
    public void A_name_longer_than_the_file_system_takes_is_refused_before_the_run()
    {
        var (exit, _, err) = CliRunner.Run("trace", Scenario, "--out", _dir[new string('n', 240)]);
        Assert.Equal(2, exit);
        Assert.Contains("a name in it is 240 bytes long; expected at most 223", err);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void A_scenario_that_fails_at_setup_leaves_no_trace_file()
    {
        // The trace is open and boot's events are in it when the replay device finds its file missing.
        string scenario = _dir.Write("replay.yaml", """
            name: missing
            run: { duration: 1ms }
            devices:
              - name: r
                type: replay
                trace: { file: gone.txt, format: ftrace }
            """);
        // Into directories that do not exist yet: made for the trace, and gone again with it.
        var (exit, _, err) = CliRunner.Run("trace", scenario, "--out", Path.Combine(_dir["new"], "deeper", "t"));
        Assert.Equal(2, exit);
        Assert.Contains("replay.yaml:6:20: error: devices.0.trace.file: ", err);
        Assert.Contains("gone.txt does not exist; expected the trace to replay; nothing was written", err);
        Assert.Equal(["replay.yaml"], _dir.Entries());
    }

    [Theory]
    [InlineData("current", 6)]
    [InlineData("5.17", 7)]
    [InlineData("4.x", 7)]
    public void Emit_formats_writes_each_events_format_and_id_as_tracefs_lays_them_out(string kernel, int events)
    {
        var (exit, stdout, err) = CliRunner.Run("trace", "--emit-formats", _dir["fmt"], "--kernel", kernel);
        Assert.True(exit == 0, err);
        Assert.Contains($"wrote {events} event formats of the {kernel} kernel", stdout);
        string root = Path.Combine(_dir["fmt"], "events", "iommu");
        Assert.Equal(events, Directory.GetDirectories(root).Length);
        string map = File.ReadAllText(Path.Combine(root, "map", "format"));
        Assert.StartsWith("name: map\nID: 1404\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n", map);
        Assert.Contains("\tfield:u64 iova;\toffset:8;\tsize:8;\tsigned:0;\n", map);
        Assert.Equal("1404\n", File.ReadAllText(Path.Combine(root, "map", "id")));
        // The range print format since v5.17 (commit "iommu: Add iova end in trace"), the single address before.
        Assert.Equal(kernel != "4.x", map.Contains("print fmt: \"IOMMU: iova=0x%016llx - 0x%016llx paddr=0x%016llx size=%zu\""));
        Assert.Equal(kernel != "current", Directory.Exists(Path.Combine(root, "detach_device_from_domain")));
    }
}
