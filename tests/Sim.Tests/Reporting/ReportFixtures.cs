using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;
using IommuSim.Model;
using IommuSim.Reporting;

namespace IommuSim.Tests.Reporting;

/// <summary>Hand-made results for the report tests: replications with chosen figures and latency samples.</summary>
internal static class ReportFixtures
{
    /// <summary>A histogram of <paramref name="valuesPs"/>.</summary>
    internal static LogLinearHistogram Histogram(params long[] valuesPs)
    {
        var h = new LogLinearHistogram();
        foreach (long v in valuesPs) h.Record(v);
        return h;
    }

    /// <summary>
    /// One replication. <paramref name="metrics"/> are (device, metric, samples in ps), each device's headline first;
    /// the run's <c>all</c>/<c>dma</c> latency merges the headline metric of every device.
    /// </summary>
    internal static RunResult Run(string variant, int replication, double achievedGbps, long hits = 0, long misses = 0,
        double cpuMax = 0, (string Device, long Aborted, long MapFailures)[]? devices = null,
        params (string Device, string Metric, long[] ValuesPs)[] metrics)
    {
        var list = new List<LatencyMetric>();
        var all = new LogLinearHistogram();
        var headlined = new HashSet<string>();
        foreach (var (device, metric, values) in metrics)
        {
            var h = Histogram(values);
            if (headlined.Add(device)) all.Merge(h);
            list.Add(new LatencyMetric(device, metric, h));
        }
        var latency = new LatencyMetric("all", "dma", all);
        list.Insert(0, latency);
        return new RunResult
        {
            Variant = variant, Replication = replication, Seed = 1, MeasuredTime = SimTime.FromMilliseconds(1), OfferedGbps = 10,
            AchievedGbps = achievedGbps, DmaTransactions = all.Count, IotlbHits = hits, IotlbMisses = misses, PageWalks = misses,
            IoPageFaults = 0, Interrupts = 0, CpuUtilisation = cpuMax, CpuMaxUtilisation = cpuMax, Latency = latency, Metrics = list,
            Devices = (devices ?? []).Select(d => new DeviceResult
            {
                Device = d.Device, OfferedGbps = 10, AchievedGbps = achievedGbps, Issued = 100, Completed = 100 - d.Aborted,
                Aborted = d.Aborted, MapFailures = d.MapFailures, Interrupts = 0, IotlbHits = hits, IotlbMisses = misses, MeanInFlight = 1,
            }).ToList(),
        };
    }

    /// <summary>A variant of <paramref name="runs"/>, its distributions merged over them per device and metric.</summary>
    internal static VariantRuns Variant(string name, IReadOnlyList<SweptValue> swept, params RunResult[] runs)
    {
        var merged = new List<LatencyMetric>();
        foreach (var run in runs)
            foreach (var m in run.Metrics)
            {
                var existing = merged.Find(x => x.Device == m.Device && x.Metric == m.Metric);
                var h = new LogLinearHistogram();
                if (existing is not null) h.Merge(existing.Histogram);
                h.Merge(m.Histogram);
                var next = new LatencyMetric(m.Device, m.Metric, h);
                if (existing is null) merged.Add(next);
                else merged[merged.IndexOf(existing)] = next;
            }
        return new VariantRuns(name, swept, runs, merged);
    }

    /// <summary>A variant without a sweep.</summary>
    internal static VariantRuns Variant(string name, params RunResult[] runs) => Variant(name, [], runs);

    /// <summary>The report of <paramref name="variants"/>, with a fixed title and no settings or warnings.</summary>
    internal static Report Build(params VariantRuns[] variants) => ReportBuilder.Build("t", "q", [], [], variants);

    /// <summary>The chart with id <paramref name="id"/>.</summary>
    internal static Chart Chart(Report report, string id) => report.Charts.Single(c => c.Id == id);
}
