using IommuSim.Kernel;
using IommuSim.Model.Spec;
using IommuSim.Observe.Ftrace;

namespace IommuSim.Model;

/// <summary>Runs one replication of one bound scenario variant and returns its figures.</summary>
public static class ScenarioRunner
{
    /// <summary>
    /// Builds the system described by <paramref name="spec"/>, runs warm-up plus duration with the
    /// random streams of replication <paramref name="replication"/>, and returns the results.
    /// <paramref name="progress"/> receives the simulated time now and then; <paramref name="trace"/>, when given,
    /// every iommu event from boot on.
    /// </summary>
    public static RunResult Run(ScenarioSpec spec, string variant, int replication,
        IProgress<SimTime>? progress = null, CancellationToken cancellationToken = default, ITraceRecorder? trace = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new SystemModel(spec, replication, trace).Run(variant, progress, cancellationToken);
    }
}
