using IommuSim.Devices.DmaStream;
using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Docs;

/// <summary>The example in notebooks/README.md compiles and runs as written.</summary>
public class NotebookExampleTests
{
    [Fact]
    public void Notebook_readme_example_runs()
    {
        var spec = new ScenarioSpec
        {
            Run = new RunSpec { Duration = SimTime.Parse("10ms"), Warmup = SimTime.Parse("1ms") },
            Host = new HostSpec { Mode = HostMode.Strict },
            Devices =
            [
                new DmaStreamSpec
                {
                    Name = "nic0", Rate = BitRate.Parse("10Gbps"), Size = ByteSize.Parse("1500B"),
                    Buffers = 1024, BufferSize = ByteSize.Parse("2KiB"), Mapping = BufferMapping.PerRequest,
                },
            ],
        };
        RunResult result = ScenarioRunner.Run(spec, variant: "strict", replication: 0);
        // 10 Gbps of 1500 B would be 8,333 requests in 10 ms, but in strict mode each costs its CPU 2,205 ns
        // (map, unmap, the invalidation it spins on, the interrupt): the CPU completes at most 4,535.
        Assert.InRange(result.DmaTransactions, 4400, 4600);
        Assert.True(result.CpuUtilisation > 0);
        string readme = File.ReadAllText(Path.Combine(ReadmeExampleTests.RepoRoot(), "notebooks/README.md"));
        Assert.Contains("RunResult result = ScenarioRunner.Run(spec, variant: \"strict\", replication: 0);", readme);
        Assert.Contains("Buffers = 1024, BufferSize = ByteSize.Parse(\"2KiB\"), Mapping = BufferMapping.PerRequest,", readme);
    }
}
