using System.Globalization;
using IommuSim.Experiments;

namespace IommuSim.Scenarios.Tests.Experiments;

/// <summary>
/// The notebook API and the command line are two doors to one model: the same scenario and changes give the same
/// figures through <c>Scenario.Run</c> as in <c>iommusim run</c>'s files, and the same trace bytes through
/// <c>Scenario.Trace</c> as <c>iommusim trace</c> writes.
/// </summary>
public sealed class LibraryAgreesWithCliTests
{
    private static readonly string[] Changes = ["run.duration=2ms", "run.warmup=0ms", "run.replications=3"];

    private static Scenario Changed(string file) =>
        Changes.Aggregate(Scenario.Load(file), (s, c) => s.With(c[..c.IndexOf('=')], c[(c.IndexOf('=') + 1)..]));

    private static string[] SetArgs => [.. Changes.SelectMany(c => new[] { "--set", c })];

    [Fact]
    public void Run_gives_the_figures_of_sweep_csv()
    {
        using var dir = new TempDirectory();
        string file = RepositoryFiles.Path("scenarios/fault-injection.yaml");
        var (exit, _, err) = CliRunner.Run(["run", file, "--out", dir["cli"], "--quiet", .. SetArgs]);
        Assert.True(exit == 0, err);
        var results = Changed(file).Run(parallelism: 2);

        var sweep = File.ReadAllLines(Path.Combine(dir["cli"], "sweep.csv"));
        var header = sweep[0].Split(',');
        Assert.Equal(results.Variants, sweep.Skip(1).Select(l => l.Split(',')[0]));
        foreach (var line in sweep.Skip(1))
        {
            var cells = line.Split(',');
            double Column(string name) => double.Parse(cells[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
            var row = results[cells[0]];
            // sweep.csv writes six decimals.
            Assert.Equal(Column("replications"), row.Replications);
            Assert.Equal(Column("achieved_gbps"), row.AchievedGbps, 6);
            Assert.Equal(Column("achieved_gbps_ci95"), row.AchievedGbpsCi95, 6);
            Assert.Equal(Column("cpu_busy"), row.CpuBusy, 6);
            Assert.Equal(Column("cpu_util_max"), row.CpuMax, 6);
            Assert.Equal(Column("page_walks"), row.PageWalks, 6);
            Assert.Equal(Column("io_page_faults"), row.IoPageFaults, 6);
            Assert.Equal(Column("interrupts"), row.Interrupts, 6);
        }
        // And iommu.csv's counters, row by row.
        var iommu = File.ReadAllLines(Path.Combine(dir["cli"], "iommu.csv"));
        var iommuHeader = iommu[0].Split(',');
        Assert.Equal(iommu.Length - 1, results.Iommu.Count);
        for (int i = 0; i < results.Iommu.Count; i++)
        {
            var cells = iommu[i + 1].Split(',');
            long Counter(string name) => long.Parse(cells[Array.IndexOf(iommuHeader, name)], CultureInfo.InvariantCulture);
            var row = results.Iommu[i];
            Assert.Equal(cells[Array.IndexOf(iommuHeader, "variant")], row.Variant);
            Assert.Equal((Counter("iotlb_hits"), Counter("iotlb_misses"), Counter("walks"), Counter("io_page_faults")),
                (row.IotlbHits, row.IotlbMisses, row.Walks, row.IoPageFaults));
            Assert.Equal((Counter("iommu_maps"), Counter("iommu_unmaps"), Counter("lazy_timer_flushes")), (row.IommuMaps, row.IommuUnmaps, row.LazyTimerFlushes));
        }
    }

    [Theory]
    [InlineData("current")]
    [InlineData("4.x")]
    public void Trace_gives_the_bytes_iommusim_trace_writes(string kernel)
    {
        using var dir = new TempDirectory();
        string file = RepositoryFiles.Path("scenarios/fault-injection.yaml");
        var (exit, _, err) = CliRunner.Run(["trace", file, "--format", "both", "--kernel", kernel, "--out", dir["trace"], .. SetArgs]);
        Assert.True(exit == 0, err);

        var fixture = Changed(file).Trace(kernel: kernel);

        Assert.Equal(File.ReadAllText(dir["trace.txt"]), fixture.Text);
        Assert.Equal(File.ReadAllBytes(dir["trace.dat"]), fixture.Dat);
        Assert.Equal(fixture.EventLines.Count, fixture.Events);
        // The run behind it: replication 0 of base, whose map lines its counters count (no warm-up, per-request maps).
        Assert.Equal(0, fixture.Run.Replication);
        Assert.Equal(fixture.Run.IommuUnits.Sum(u => u.IommuMaps), fixture.EventLines.Count(l => l.Contains(" map: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Trace_keeps_the_first_events_up_to_the_limit_and_refuses_a_bad_kernel()
    {
        var scenario = Changed(RepositoryFiles.Path("scenarios/fault-injection.yaml"));
        var all = scenario.Trace();
        var first = scenario.Trace(limit: 10);
        Assert.Equal(10, first.Events);
        Assert.Equal(all.EventLines.Take(10), first.EventLines);
        Assert.Throws<ArgumentException>(() => scenario.Trace(kernel: "3.x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => scenario.Trace(limit: -1));
    }
}
