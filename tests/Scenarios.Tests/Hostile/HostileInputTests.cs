using System.Diagnostics;
using IommuSim.Scenarios.Tests.Loading;

namespace IommuSim.Scenarios.Tests.Hostile;

/// <summary>
/// Inputs a careless or hostile user gives that are not YAML problems: files that are not files, grids and runs
/// too large to start, values at the edges of what PCI and memory can hold. Each ends promptly with exit 2 and a
/// message naming the file (and the key, line and column where there is one), and nothing written.
/// </summary>
public class HostileInputTests
{
    private const string Small = """
        run: { duration: 1ms, warmup: 0s }
        devices:
          - { name: nic0, type: dma-stream, rate: 1Gbps, size: 1500B, buffers: 64, buffer_size: 2KiB }

        """;

    private static string Refused(string file, params string[] extra) => Refused(file, validateRefuses: true, extra);

    private static string Refused(string file, bool validateRefuses, params string[] extra)
    {
        using var dir = new TempDirectory();
        var watch = Stopwatch.StartNew();
        var (exit, output, err) = CliRunner.Run(["run", file, "--out", dir["o"], .. extra]);
        Assert.True(exit == 2, $"exit {exit}: {err}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(dir["o"]), "nothing is written");
        Assert.Equal("", output);
        if (validateRefuses) Assert.Equal(2, CliRunner.Run(["validate", file, .. extra]).Exit);
        return err;
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/dev/urandom", "is a character device, not a regular file")]
    public void A_device_is_refused_before_it_is_read(string path, string message)
    {
        if (!File.Exists(path)) return;   // not a Linux-like system: nothing to check
        Assert.Contains($"{path}: error: '{path}' {message}", Refused(path));
    }

    [Fact]
    public void A_link_to_a_device_and_a_fifo_nobody_writes_to_are_refused()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDirectory();
        string link = dir["zero.yaml"];
        File.CreateSymbolicLink(link, "/dev/zero");
        Assert.Contains("is a character device, not a regular file", Refused(link));
        string fifo = dir["fifo.yaml"];
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        Assert.Contains("is a FIFO (named pipe), not a regular file", Refused(fifo));
    }

    [Fact]
    public void A_file_over_16_MiB_and_an_empty_name_are_refused()
    {
        using var dir = new TempDirectory();
        string big = dir.Write("big.yaml", "# " + new string('x', 16 << 20) + "\n" + Small);
        Assert.Contains("the file is larger than 16 MiB", Refused(big));
        var (exit, _, err) = CliRunner.Run("validate", "");
        Assert.Equal(2, exit);
        Assert.Contains("error: an empty file name; expected a readable scenario file", err);
    }

    [Fact]
    public void A_grid_of_a_million_points_is_refused_at_the_sweep_before_anything_is_made()
    {
        using var dir = new TempDirectory();
        string values = string.Join(", ", Enumerable.Range(1, 1000).Select(i => $"{i}ns"));
        string file = dir.Write("grid.yaml", Small + $"sweep:\n  platform.memory.dram_latency: [{values}]\n  platform.memory.llc_latency: [{values}]\n");
        Assert.Contains("grid.yaml:4:1: error: sweep: 1,000 x 1,000 points x 1 variant make 1,000,000 variants; expected at most 10,000", Refused(file));
        // 20 paths of 2 values: 2^20 points.
        string paths = string.Concat(Enumerable.Range(0, 20).Select(i => $"  devices.nic{i}.rate: [1Gbps, 2Gbps]\n"));
        string twenty = dir.Write("twenty.yaml", Small + "sweep:\n" + paths);
        Assert.Contains("make 1,048,576 variants", Refused(twenty));
        string named = dir.Write("named.yaml", Small + "variants:\n" + string.Concat(Enumerable.Range(0, 10_001).Select(i => $"  v{i}: {{run.seed: {i}}}\n")));
        Assert.Contains("named.yaml:4:1: error: variants: 10,002 variants; expected at most 10,000", Refused(named));
    }

    [Theory]
    [InlineData("run.duration=1000000s", "about 83,300,000,000 DMAs and 114,000,000,000 translations")]   // 1 Gbps of 1500 B for 10^6 s
    [InlineData("devices.0.rate=10Tbps", "about 833,000,000 DMAs and 1,140,000,000 translations")]       // 10 Tbps of 1500 B for 1 s
    [InlineData("run.replications=10000", "about 833,000,000 DMAs and 1,140,000,000 translations")]      // 10,000 x 1 ms of 1 Tbps
    public void A_run_beyond_the_work_budget_needs_force_and_says_how_much_work_it_is(string set, string estimate)
    {
        using var dir = new TempDirectory();
        // A 1500 B request crosses 1 + 1500/4096 4 KiB boundaries on average.
        string file = dir.Write("big.yaml", set.StartsWith("run.rep", StringComparison.Ordinal) ? Small.Replace("1Gbps", "1Tbps")
            : set.StartsWith("devices", StringComparison.Ordinal) ? Small.Replace("duration: 1ms", "duration: 1s") : Small);
        var err = Refused(file, validateRefuses: false, "--set", set);
        Assert.Contains($"big.yaml: error: the scenario asks for {estimate}, beyond the 1,000,000,000 a run does without --force", err);
    }

    [Fact]
    public void Validate_states_the_work_and_run_refuses_it_without_force()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("long.yaml", Small);
        var (exit, output, _) = CliRunner.Run("validate", file, "--set", "run.duration=1000000s");
        // 1 Gbps of 1500 B is 83,333 requests/s: 8.33 x 10^10 in 10^6 s.
        Assert.Equal(0, exit);
        Assert.Contains("1 run, 1 device, about 83,300,000,000 DMAs (beyond the 1,000,000,000 units a run does without --force)", output);
        var err = Refused(file, validateRefuses: false, "--set", "run.duration=1000000s");
        Assert.Contains("about 83,300,000,000 DMAs", err);
    }

    [Theory]
    [InlineData("devices.0.buffer_size=1GiB", "devices.0.buffers", "16,777,216 pages of 4KiB")]   // 64 buffers of 1 GiB pre-mapped
    [InlineData("devices.0.buffers=16777216", "devices.0.buffers", "is mapped page by page before the run")]
    [InlineData("platform.memory.dram_latency=2ms", "platform.memory.dram_latency", "is above the maximum; expected a value from 0s to 1ms")]
    [InlineData("host.dma.costs.map_cycles=9223372036854775807", "host.dma.costs.map_cycles", "is above the maximum")]
    [InlineData("host.dma.swiotlb_size=8388607TiB", "host.dma.swiotlb_size", "is above the maximum; expected a value from 2KiB to 1GiB")]
    [InlineData("devices.0.rate=1bps", "devices.0.rate", "comes every")]
    public void Values_past_physical_bounds_or_what_setup_can_map_are_refused_at_their_key(string set, string key, string message)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("s.yaml", Small);
        var err = Refused(file, "--set", set, "--set", "run.duration=1ms");
        Assert.Contains($"error: {key}", err);
        Assert.Contains(message, err);
    }

    [Fact]
    public void A_swiotlb_pool_too_small_for_the_premapped_buffers_is_refused_by_validate_at_the_key()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("s.yaml", Small + "host: { mode: swiotlb, dma: { swiotlb_size: 2KiB } }\n");
        var err = Refused(file);
        Assert.Contains("s.yaml:3:72: error: ", err);
        Assert.Contains("devices.0.buffers: with host.mode swiotlb nic0's working set (32 pages of 4KiB) is bounced through the 2KiB pool, which is full at page 0", err);
    }

    [Fact]
    public void Devices_pci_cannot_address_are_refused_naming_the_key()
    {
        using var dir = new TempDirectory();
        string devices = string.Concat(Enumerable.Range(0, 300).Select(i => $"  - {{ name: d{i}, type: dma-stream, rate: 1Mbps, size: 4KiB, buffers: 1, buffer_size: 4KiB }}\n"));
        string many = dir.Write("many.yaml", "run: { duration: 1ms, warmup: 0s }\ndevices:\n" + devices);
        Assert.Contains("many.yaml:3:3: error: devices: 300 devices need a platform.topology", Refused(many));
        string buses = string.Join(", ", Enumerable.Range(0, 256).Select(b => $"{{bus: \"0000:{b:x2}\"}}"));
        string roots = dir.Write("roots.yaml", "run: { duration: 1ms, warmup: 0s }\nplatform:\n  topology:\n    root_buses: [" + buses + "]\n" +
            "devices:\n  - { name: d0, type: dma-stream, rate: 1Mbps, size: 4KiB, buffers: 1, buffer_size: 4KiB }\n");
        Assert.Contains("error: platform.topology.root_buses: the root ports and endpoints made for the devices", Refused(roots));
    }

    [Fact]
    public void Names_that_would_act_on_the_terminal_are_refused_at_their_key_and_never_printed_raw()
    {
        // A name reaches the summary table, the CSVs and every message: an ESC in it would be a terminal command
        // (here: clear the screen), a right-to-left override would reorder the line it is printed on.
        using var dir = new TempDirectory();
        string file = dir.Write("names.yaml", "name: \"evil\\e[2J\"\n" + Small.Replace("name: nic0", "name: \"nic\\u202e0\"") +
            "variants:\n  \"strict\\nrun\": { host.mode: strict }\n");
        string err = Refused(file);
        Assert.DoesNotContain('\u001b', err);
        Assert.DoesNotContain('\u202e', err);
        var lines = err.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"{file}:1:7: error: name: character 5 of the name is U+001B, which does not print; expected a name of 1 to 64", lines[0]);
        Assert.StartsWith($"{file}:4:13: error: devices.0.name: character 4 of the name is U+202E", lines[1]);
        Assert.StartsWith($"{file}:6:3: error: variants: 'strict\\nrun' cannot name a variant: character 7 of the name is U+000A", lines[2]);
    }

    // Endpoints 0000:BB:DD.F on root buses from 00, 31 slots of 8 functions each, and a device on each.
    private static string ManyDevices(int count, bool topology)
    {
        var addresses = Enumerable.Range(0, count).Select(i => $"0000:{i / 248:x2}:{1 + i % 248 / 8:x2}.{i % 8}").ToList();
        var text = new System.Text.StringBuilder("run: { duration: 100us, warmup: 0s }\n");
        if (topology)
        {
            text.Append("platform:\n  topology:\n    root_buses: [");
            text.AppendJoin(", ", Enumerable.Range(0, (count + 247) / 248).Select(b => $"{{bus: \"0000:{b:x2}\"}}")).Append("]\n    devices:\n");
            foreach (var a in addresses) text.Append($"      - {{ type: endpoint, bdf: \"{a}\" }}\n");
        }
        text.Append("devices:\n");
        for (int i = 0; i < count; i++)
            text.Append($"  - {{ name: d{i}, type: dma-stream, rate: 1Mbps, size: 4KiB, buffers: 1, buffer_size: 4KiB{(topology ? $", bdf: \"{addresses[i]}\"" : "")} }}\n");
        return text.ToString();
    }

    [Fact]
    public void Ten_thousand_devices_are_refused_without_a_topology_and_accepted_with_one()
    {
        using var dir = new TempDirectory();
        string bare = dir.Write("bare.yaml", ManyDevices(10_000, topology: false));
        Assert.Contains("bare.yaml:3:3: error: devices: 10,000 devices need a platform.topology", Refused(bare));
        // 10,000 functions on 41 root buses: PCI addresses them (256 buses of 32 devices of 8 functions).
        string placed = dir.Write("placed.yaml", ManyDevices(10_000, topology: true));
        var (exit, output, err) = HostileInput.Measured(["validate", placed]);
        Assert.True(exit == 0, err);
        Assert.Contains("1 variant (base), 1 run, 10,000 devices", output);
    }

    [Fact]
    public void Many_variants_of_a_large_document_are_refused_at_the_sweep_before_binding()
    {
        // 100 variants of 10,000 devices (each bound and checked before the run): 20 million nodes, twice the limit.
        using var dir = new TempDirectory();
        string yaml = ManyDevices(10_000, topology: true);
        int sweepLine = yaml.Count(c => c == '\n') + 1;
        string file = dir.Write("sweep.yaml", yaml + $"sweep:\n  run.seed: [{string.Join(", ", Enumerable.Range(1, 100))}]\n");
        string err = Refused(file);
        Assert.Contains($"sweep.yaml:{sweepLine}:1: error: 100 variants of a document of ", err);
        Assert.Contains(" nodes to bind and check before the run; expected at most 10,000,000", err);
    }

    [Fact]
    public void Ten_thousand_replications_keep_only_their_figures()
    {
        // The histograms of each replication are merged as it finishes and dropped: memory stays far below what
        // 10,000 runs' distributions would take (about 30 KB each, 300 MB).
        using var dir = new TempDirectory();
        string file = dir.Write("reps.yaml", Small.Replace("warmup: 0s", "warmup: 0s, replications: 10000").Replace("1ms", "100us"));
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var (exit, _, err) = CliRunner.Run("run", file, "--out", dir["o"], "--quiet", "--jobs", "1");
        Assert.True(exit == 0, err);
        Assert.Equal(1 + 10_000, File.ReadAllLines(dir["o/summary.csv"]).Length);
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(retained < 100L << 20, $"{retained >> 20} MiB retained");
    }
}
