using IommuSim.Experiments;

namespace IommuSim.Tests.Experiments;

/// <summary>
/// The short stream with a strict variant, run once on one thread and once on two: 2 variants × 3 replications of
/// 2.5 ms simulated each, shared by the tests of <see cref="ScenarioRunTests"/>.
/// </summary>
public sealed class RunFixture
{
    public RunFixture()
    {
        Scenario = ExperimentFixtures.ShortStream().WithVariant("strict", ("host.mode", "strict"));
        OneThread = Scenario.Run(parallelism: 1);
        TwoThreads = Scenario.Run(parallelism: 2);
    }

    public Scenario Scenario { get; }

    public Results OneThread { get; }

    public Results TwoThreads { get; }
}
