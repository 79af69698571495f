using IommuSim.Kernel.Statistics;

namespace IommuSim.Devices;

/// <summary>One latency a device records, by the name of its part (<c>dma</c>, <c>queue</c>, <c>map</c>, ...), in picoseconds.</summary>
/// <param name="Part">The part's name, as the <c>metric</c> column of <c>latency.csv</c> shows it.</param>
/// <param name="Histogram">Its samples.</param>
public readonly record struct DeviceLatency(string Part, LogLinearHistogram Histogram);
