using System.Text.RegularExpressions;
using IommuSim.Tests.Observe.TraceDat;

namespace IommuSim.Scenarios.Tests.Tracing;

/// <summary>
/// <c>iommusim trace</c> and <c>run --trace</c> end to end: what trace-cmd reads from the .dat of a real run is what
/// the text says, the events are as many as the run's own counters, and the files are the same bytes every time.
/// </summary>
public sealed class TraceCommandTests : IDisposable
{
    private static readonly string FaultInjection = RepositoryFiles.Path("scenarios/fault-injection.yaml");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // A short run of the fault-injection scenario's base variant: per-request maps and unmaps, and faults.
    private static string[] Short(params string[] more) =>
        [.. more, "--set", "run.duration=4ms", "--set", "run.warmup=0ms", "--set", "devices.nic0.stray_fraction=0.05", "--variant", "base"];

    [TraceCmdTheory]
    [InlineData("current", "7", "none")]
    [InlineData("current", "7", "zstd")]
    [InlineData("current", "6", "none")]
    [InlineData("5.17", "7", "none")]
    [InlineData("4.x", "6", "none")]
    public void Trace_cmd_reports_the_dat_of_a_run_as_its_text_says(string kernel, string version, string compression)
    {
        string path = _dir["t"];
        var (exit, _, err) = CliRunner.Run(Short("trace", FaultInjection, "--out", path, "--kernel", kernel,
            "--dat-version", version, "--compression", compression));
        Assert.True(exit == 0, err);

        var (reportExit, report, reportErr) = TraceCmd.Run("report", "-i", path + ".dat");
        Assert.True(reportExit == 0, reportErr);
        Assert.Equal("", reportErr.Trim());
        var reported = report.Split('\n').Where(l => l.Contains(": ") && !l.StartsWith("cpus=")).Select(Normalise).ToList();
        var ours = File.ReadLines(path + ".txt").Where(l => !l.StartsWith('#')).Select(l => Normalise(RemoveFlags(l))).ToList();
        // Maps, unmaps and faults, not only the boot's few lines.
        Assert.True(ours.Count > 100, $"{ours.Count} lines");
        Assert.Contains(ours, l => l.Contains(" io_page_fault: "));
        Assert.Equal(ours, reported);
    }

    [TraceCmdFact]
    public void Event_counts_equal_the_runs_counters()
    {
        string outDir = _dir["run"];
        var (exit, _, err) = CliRunner.Run(Short("run", FaultInjection, "--out", outDir, "--trace", "-q"));
        Assert.True(exit == 0, err);
        var lines = TraceLine.Read(Path.Combine(outDir, "trace.txt"));
        long Count(string e) => lines.Count(l => l.Event == e);
        string iommu = Path.Combine(outDir, "iommu.csv");

        // Per-request buffers: nothing is mapped before the run, and with no warm-up the counters cover all of it.
        Assert.True(Count("map") > 100);
        Assert.Equal(RunCsv.Sum(iommu, "iommu_maps"), Count("map"));
        Assert.Equal(RunCsv.Sum(iommu, "iommu_unmaps"), Count("unmap"));
        Assert.True(Count("io_page_fault") > 0);
        Assert.Equal(RunCsv.Sum(iommu, "io_page_faults"), Count("io_page_fault"));
        Assert.Equal(RunCsv.Sum(Path.Combine(outDir, "summary.csv"), "io_page_faults"), Count("io_page_fault"));
        // The default topology: a root port and the endpoint below it, each its own group, each attached once.
        Assert.Equal(2, Count("add_device_to_group"));
        Assert.Equal(2, Count("attach_device_to_domain"));
        // One clock: boot's four events 1 µs apart from 0, then the run, whose time zero is the first whole millisecond
        // after them, lasting the 4 ms asked for.
        var boot = lines.Where(l => l.Event is "add_device_to_group" or "attach_device_to_domain").Select(l => l.Timestamp);
        Assert.Equal(["0.000000", "0.000001", "0.000002", "0.000003"], boot);
        Assert.All(lines.Where(l => l.Event is "map" or "unmap" or "io_page_fault"),
            l => Assert.InRange(decimal.Parse(l.Timestamp, System.Globalization.CultureInfo.InvariantCulture), 0.001m, 0.005m));
        // The header's count, and the .dat's: trace-cmd finds as many events.
        Assert.Contains($"# entries-in-buffer/entries-written: {lines.Count}/{lines.Count}   #P:1", File.ReadAllText(Path.Combine(outDir, "trace.txt")));
        var (_, report, _) = TraceCmd.Run("report", "-i", Path.Combine(outDir, "trace.dat"));
        Assert.Equal(lines.Count, report.Split('\n').Count(l => l.Contains(" IOMMU")));
    }

    [Fact]
    public void A_fault_injection_run_traces_each_fault_with_driver_device_iova_and_flags()
    {
        string path = _dir["f"];
        var (exit, stdout, err) = CliRunner.Run(Short("trace", FaultInjection, "--out", path, "--events", "io_page_fault", "--format", "text"));
        Assert.True(exit == 0, err);
        var faults = TraceLine.Read(path + ".txt");
        Assert.NotEmpty(faults);
        Assert.Contains($"io_page_fault: {faults.Count}", stdout);
        foreach (var f in faults)
        {
            Assert.Equal("io_page_fault", f.Event);
            // AMD-Vi reports faults from its event-log interrupt thread, in task context.
            Assert.Equal(("irq/24-AMD-Vi", 0, "....."), (f.Task, f.Cpu, f.Flags));
            // driver, device, the stray IOVA (2^46 plus the buffer's offset in its page) and IOMMU_FAULT_WRITE (0x1).
            var m = Regex.Match(f.Text, @"^IOMMU:(\S+) (\S+) iova=0x([0-9a-f]{16}) flags=0x([0-9a-f]{4})$");
            Assert.True(m.Success, f.Text);
            // The topology made for a scenario without one binds its endpoints to a driver named iommusim.
            Assert.Equal("iommusim", m.Groups[1].Value);
            Assert.Equal("0000:01:00.0", m.Groups[2].Value);
            ulong iova = Convert.ToUInt64(m.Groups[3].Value, 16);
            Assert.Equal(1UL << 46, iova & ~0xfffUL);
            Assert.Equal("0001", m.Groups[4].Value);
        }
        // The same faults the run counts, with the same seed.
        string outDir = _dir["run"];
        Assert.Equal(0, CliRunner.Run(Short("run", FaultInjection, "--out", outDir, "-q")).Exit);
        Assert.Equal(RunCsv.Sum(Path.Combine(outDir, "summary.csv"), "io_page_faults"), faults.Count);
    }

    [Fact]
    public void The_same_scenario_and_seed_give_the_same_trace_bytes_whatever_the_jobs()
    {
        foreach (var jobs in new[] { "1", "2" })
        {
            var (exit, _, err) = CliRunner.Run("run", FaultInjection, "--set", "run.duration=2ms", "--out", _dir["j" + jobs], "--trace",
                "-q", "--jobs", jobs, "--compression", "zstd");
            Assert.True(exit == 0, err);
        }
        var first = CliRunner.Run(Short("trace", FaultInjection, "--out", _dir["a"]));
        var second = CliRunner.Run(Short("trace", FaultInjection, "--out", _dir["b"]));
        Assert.Equal((0, 0), (first.Exit, second.Exit));
        foreach (var name in new[] { "trace-base.txt", "trace-base.dat", "trace-passthrough.txt", "trace-passthrough.dat" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir["j1"], name)), File.ReadAllBytes(Path.Combine(_dir["j2"], name)));
        Assert.Equal(File.ReadAllBytes(_dir["a"] + ".txt"), File.ReadAllBytes(_dir["b"] + ".txt"));
        Assert.Equal(File.ReadAllBytes(_dir["a"] + ".dat"), File.ReadAllBytes(_dir["b"] + ".dat"));
    }

    [Fact]
    public void A_limit_keeps_the_first_events_and_the_header_counts_them()
    {
        string all = _dir["all"], few = _dir["few"];
        Assert.Equal(0, CliRunner.Run(Short("trace", FaultInjection, "--out", all, "--format", "text")).Exit);
        var (exit, stdout, _) = CliRunner.Run(Short("trace", FaultInjection, "--out", few, "--format", "text", "--limit", "25"));
        Assert.Equal(0, exit);
        Assert.Contains("--limit 25", stdout);
        var kept = File.ReadLines(few + ".txt").Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(File.ReadLines(all + ".txt").Where(l => !l.StartsWith('#')).Take(25), kept);
        Assert.Contains("# entries-in-buffer/entries-written: 25/25   #P:1", File.ReadAllText(few + ".txt"));
    }

    // "  fio-4242    [000] ..... 1.000001: map: ..." -> "fio-4242 [000] 1.000001: map: ...": trace-cmd report prints
    // no flag column by default.
    private static string RemoveFlags(string line) => Regex.Replace(line, @"(\[\d{3}\]) [^ ]{4,5} ", "$1 ");

    private static string Normalise(string line) => Regex.Replace(line.Trim(), @"\s+", " ");
}
