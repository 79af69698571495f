namespace IommuSim.Experiments;

/// <summary>
/// One variant's figures over its replications (as <c>iommusim run</c> prints them): means of the per-replication
/// figures with their 95% Student-t half-widths (NaN with one replication), the IOTLB hit rate pooled over all
/// lookups, and latency percentiles of the replications' merged distribution. Latencies in nanoseconds,
/// utilisations and rates as fractions (0.25 is 25%).
/// </summary>
/// <param name="Variant">The variant's name, as in the outputs.</param>
/// <param name="Replications">How many replications ran.</param>
/// <param name="OfferedGbps">The load the devices offered.</param>
/// <param name="AchievedGbps">The throughput they achieved.</param>
/// <param name="AchievedGbpsCi95">95% half-width of <paramref name="AchievedGbps"/>.</param>
/// <param name="IotlbHitRate">IOTLB hits over lookups; NaN without lookups (passthrough).</param>
/// <param name="IotlbHitRateCi95">95% half-width of the per-replication hit rates.</param>
/// <param name="MeanNs">Mean latency of every DMA.</param>
/// <param name="MeanNsCi95">95% half-width of the per-replication means.</param>
/// <param name="P50Ns">Median latency.</param>
/// <param name="P99Ns">99th percentile latency.</param>
/// <param name="P99NsCi95">95% half-width of the per-replication 99th percentiles.</param>
/// <param name="P999Ns">99.9th percentile latency.</param>
/// <param name="MaxNs">Largest latency.</param>
/// <param name="CpuMax">The busiest host CPU's utilisation.</param>
/// <param name="CpuBusy">Busy CPUs: the sum of every CPU's utilisation.</param>
/// <param name="PageWalks">Page walks per replication.</param>
/// <param name="IoPageFaults">I/O page faults per replication.</param>
/// <param name="Interrupts">Interrupts per replication.</param>
public sealed record SummaryRow(string Variant, int Replications, double OfferedGbps, double AchievedGbps, double AchievedGbpsCi95,
    double IotlbHitRate, double IotlbHitRateCi95, double MeanNs, double MeanNsCi95, double P50Ns, double P99Ns, double P99NsCi95,
    double P999Ns, double MaxNs, double CpuMax, double CpuBusy, double PageWalks, double IoPageFaults, double Interrupts);
