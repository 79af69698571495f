namespace IommuSim.Reporting;

/// <summary>
/// A device of the report and its headline latency metric: the first one it records (a run lists a device's headline
/// metric before its parts, e.g. <c>dma</c> before <c>queue</c> for a dma-stream, <c>frame</c> for a NIC).
/// </summary>
/// <param name="Device">The device's name.</param>
/// <param name="Metric">Its headline metric.</param>
internal sealed record DeviceHeadline(string Device, string Metric)
{
    /// <summary>The device that stands for the run as a whole in the results.</summary>
    internal const string AllDevices = "all";

    /// <summary>Every device of <paramref name="variants"/>, in order of first appearance, with its headline metric.</summary>
    internal static IReadOnlyList<DeviceHeadline> Of(IReadOnlyList<VariantRuns> variants)
    {
        var found = new List<DeviceHeadline>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in variants)
        {
            foreach (var run in v.Replications)
                foreach (var m in run.Metrics)
                    if (m.Device != AllDevices && seen.Add(m.Device)) found.Add(new DeviceHeadline(m.Device, m.Metric));
            foreach (var m in v.Distributions)
                if (m.Device != AllDevices && seen.Add(m.Device)) found.Add(new DeviceHeadline(m.Device, m.Metric));
        }
        return found;
    }
}
