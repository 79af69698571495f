using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Observe.Ftrace;

namespace IommuSim.Scenarios.Running;

/// <summary>Runs one replication of one variant with its iommu events going to <c>trace</c>.</summary>
internal delegate RunResult TracedReplicationRunner(ScenarioSpec spec, string variant, int replication,
    IProgress<SimTime>? progress, CancellationToken cancellationToken, ITraceRecorder trace);
