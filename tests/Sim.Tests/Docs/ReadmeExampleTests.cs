using IommuSim.Kernel;

namespace IommuSim.Tests.Docs;

/// <summary>The kernel example in README.md, run as written, prints what README says it prints.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void Kernel_example_prints_what_the_readme_claims()
    {
        var lines = new List<string>();
        var sim = new Simulation();
        var walkers = new Resource(sim, capacity: 2);

        IEnumerable<Event> Miss(int id)
        {
            using var walker = walkers.Request();
            yield return walker;
            yield return sim.Timeout(SimTime.Parse("360ns"));
            lines.Add($"{sim.Now}: walk {id} done");
        }

        for (int i = 0; i < 3; i++) sim.Process(Miss(i));
        sim.Run();
        Assert.Equal(new[] { "360ns: walk 0 done", "360ns: walk 1 done", "720ns: walk 2 done" }, lines);

        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        Assert.Contains("// 360ns: walk 0 done / 360ns: walk 1 done / 720ns: walk 2 done", readme);
        Assert.Contains("var walkers = new Resource(sim, capacity: 2);", readme);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IommuSim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("IommuSim.sln not found above the test directory");
    }
}
