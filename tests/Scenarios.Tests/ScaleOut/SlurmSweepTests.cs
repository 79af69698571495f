using System.Text.RegularExpressions;

namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>
/// A sweep run as 4 shards on a real Slurm cluster (<see cref="SlurmCluster"/>), submitted by <c>iommusim slurm
/// --submit</c> and merged by its merge job, gives byte for byte the outputs of <c>iommusim run</c> on this machine;
/// and so it does when one array task is killed while it runs and resubmitted alone, the first merge never running.
/// The CLI runs as a process, as a user's shell starts it, so the scripts run the built tool as this test started it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(SlurmClusterCollection.Name)]
public sealed partial class SlurmSweepTests(SlurmCluster cluster) : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    // Fixtures/small-sweep.yaml: base and passthrough over 2 IOTLB sizes, 2 replications: 8 cells, 4 shards of 2.
    private static string Sweep => RepositoryFiles.Path("tests/Scenarios.Tests/Fixtures/small-sweep.yaml");

    private static string[] Sets(string duration) => ["--set", "run.duration=" + duration, "--seed", "11"];

    [SlurmFact]
    public void Four_shards_merged_on_slurm_give_the_bytes_of_a_local_run()
    {
        string[] sets = Sets("3ms");
        string local = Local(sets);
        string dir = _temp["slurm run"];
        var (arrayJob, mergeJob) = Submit(dir, sets);
        cluster.WaitGone(mergeJob, JobTimeout);
        Assert.True(cluster.JobState(arrayJob) == "COMPLETED", $"array {arrayJob}: {cluster.JobState(arrayJob)}\n{Logs(dir)}");
        Assert.True(cluster.JobState(mergeJob) == "COMPLETED", $"merge {mergeJob}: {cluster.JobState(mergeJob)}\n{Logs(dir)}");
        AssertSameFiles(local, Path.Combine(dir, "merged"));
    }

    [SlurmFact]
    public void A_task_killed_midway_and_resubmitted_alone_gives_the_same_bytes()
    {
        // Long enough (a few seconds a cell) that the cancel lands while shard 1 runs.
        string[] sets = Sets("1500ms");
        string local = Local(sets);
        string dir = _temp["killed"];
        var (arrayJob, mergeJob) = Submit(dir, sets);
        string task = arrayJob + "_1";
        cluster.WaitFor(() => cluster.QueueState(task) == "RUNNING", $"task {task} to run", JobTimeout);
        // The tool starts, loads and runs a while before the cancel: what is killed is a shard half done.
        Thread.Sleep(1500);
        Assert.Equal("RUNNING", cluster.QueueState(task));
        Assert.Equal(0, cluster.Client("scancel", task).Exit);
        cluster.WaitGone(arrayJob, JobTimeout);
        Assert.Equal("CANCELLED", cluster.JobState(task));
        // afterok cannot be met now: the merge stays pending, and never runs.
        cluster.WaitFor(() => cluster.QueueState(mergeJob, "%T %r") == "PENDING DependencyNeverSatisfied", $"merge {mergeJob} to be unsatisfiable", JobTimeout);
        Assert.False(Directory.Exists(Path.Combine(dir, "merged")), "the merge did not run");
        Assert.False(File.Exists(Path.Combine(dir, "shards", "1", "shard.json")), "a killed shard writes nothing");
        Assert.Equal(0, cluster.Client("scancel", mergeJob).Exit);
        cluster.WaitGone(mergeJob, JobTimeout);

        // As submit.sh's comments say: shard 1 alone, then the merge after it.
        string rerun = cluster.Submit(dir, "--array=1", "array.sbatch");
        string merge = cluster.Submit(dir, "--dependency=afterok:" + rerun, "merge.sbatch");
        cluster.WaitGone(merge, JobTimeout);
        Assert.True(cluster.JobState(merge) == "COMPLETED", $"merge {merge}: {cluster.JobState(merge)}\n{Logs(dir)}");
        AssertSameFiles(local, Path.Combine(dir, "merged"));
    }

    // The same scenario file and arguments run on this machine; the outputs' directory.
    private string Local(string[] sets)
    {
        string local = _temp["local run"];
        var (exit, _, err) = ToolProcess.Run(cluster.Environment, ["run", Sweep, "--out", local, "--quiet", .. sets]);
        Assert.True(exit == 0, err);
        return local;
    }

    private (string Array, string Merge) Submit(string dir, string[] sets)
    {
        var (exit, output, err) = ToolProcess.Run(cluster.Environment,
            ["slurm", Sweep, "--shards", "4", "--out", dir, "--submit", .. sets]);
        Assert.True(exit == 0, err + cluster.Logs());
        var array = ArrayLine().Match(output);
        var merge = MergeLine().Match(output);
        Assert.True(array.Success && merge.Success, output);
        return (array.Groups[1].Value, merge.Groups[1].Value);
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        var names = Directory.GetFiles(expected).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.GetFiles(actual).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
        Assert.Contains("summary.csv", names);
        Assert.Contains("report.html", names);
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(expected, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, name))),
                $"{name} differs from the local run's");
    }

    private static string Logs(string dir) =>
        string.Join("\n", Directory.EnumerateFiles(Path.Combine(dir, "logs")).Order(StringComparer.Ordinal)
            .Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));

    [GeneratedRegex(@"^array job (\d+)$", RegexOptions.Multiline)]
    private static partial Regex ArrayLine();

    [GeneratedRegex(@"^merge job (\d+)$", RegexOptions.Multiline)]
    private static partial Regex MergeLine();
}
