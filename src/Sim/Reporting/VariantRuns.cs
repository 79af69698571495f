using IommuSim.Model;

namespace IommuSim.Reporting;

/// <summary>One variant's runs, as a report or a comparison takes them.</summary>
/// <param name="Name">The variant's name, as in the outputs.</param>
/// <param name="Swept">The values its sweep point gives the swept paths, in sweep order; empty without a sweep.</param>
/// <param name="Replications">Its replications' results, in replication order (distributions may have been dropped).</param>
/// <param name="Distributions">Its latency distributions merged over replications, per device and part.</param>
public sealed record VariantRuns(string Name, IReadOnlyList<SweptValue> Swept, IReadOnlyList<RunResult> Replications,
    IReadOnlyList<LatencyMetric> Distributions);
