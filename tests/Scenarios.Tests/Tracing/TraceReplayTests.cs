namespace IommuSim.Scenarios.Tests.Tracing;

/// <summary>A trace the tool writes is a trace it replays: the replay makes as many maps and unmaps as the trace holds.</summary>
public sealed class TraceReplayTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Replaying_a_written_trace_reproduces_its_map_and_unmap_counts()
    {
        var (exit, _, err) = CliRunner.Run("trace", RepositoryFiles.Path("scenarios/fault-injection.yaml"), "--variant", "base",
            "--set", "run.duration=3ms", "--set", "devices.nic0.stray_fraction=0", "--format", "text", "--out", _dir["own"]);
        Assert.True(exit == 0, err);
        var lines = TraceLine.Read(_dir["own"] + ".txt");
        long maps = lines.Count(l => l.Event == "map"), unmaps = lines.Count(l => l.Event == "unmap");
        Assert.True(maps > 100);

        // The replay reads the map and unmap lines (skipping the boot's) and replays them from the first one on, at
        // their spacing: 5 ms covers the traced 3 ms, and no warm-up keeps every count.
        string scenario = _dir.Write("replay.yaml", """
            name: replay-own
            run: { duration: 5ms, warmup: 0ms, seed: 1, replications: 1 }
            host: { mode: lazy }
            devices:
              - name: r
                type: replay
                trace: { file: own.txt, format: ftrace }
            """);
        (exit, _, err) = CliRunner.Run("run", scenario, "--out", _dir["out"], "-q");
        Assert.True(exit == 0, err);
        string iommu = Path.Combine(_dir["out"], "iommu.csv");
        Assert.Equal(maps, RunCsv.Sum(iommu, "iommu_maps"));
        Assert.Equal(unmaps, RunCsv.Sum(iommu, "iommu_unmaps"));
    }
}
