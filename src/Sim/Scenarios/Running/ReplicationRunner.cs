using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// Runs one replication of one variant: <see cref="ScenarioRunner.Run"/> in the tool; tests substitute
/// results built by hand to check everything around the model.
/// </summary>
internal delegate RunResult ReplicationRunner(ScenarioSpec spec, string variant, int replication,
    IProgress<SimTime>? progress, CancellationToken cancellationToken);
