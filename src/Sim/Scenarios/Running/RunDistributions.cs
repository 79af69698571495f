using IommuSim.Kernel.Statistics;
using IommuSim.Model;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// Every variant's latency distributions with its replications merged, built as the replications finish, so a
/// batch keeps one histogram per (variant, device, metric) however many replications it runs. Merging adds
/// counts, so the result does not depend on the order replications finish in; the metrics are listed in the
/// order of their first appearance in replication order, whichever finished first.
/// </summary>
internal sealed class RunDistributions
{
    private sealed class Variant
    {
        public readonly Dictionary<(string Device, string Metric), (long Replication, int Position, LogLinearHistogram Histogram)> Metrics = [];
    }

    private readonly Dictionary<string, Variant> _variants = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Merges the distributions of one replication into its variant's.</summary>
    public void Add(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            if (!_variants.TryGetValue(result.Variant, out var variant)) _variants[result.Variant] = variant = new Variant();
            for (int i = 0; i < result.Metrics.Count; i++)
            {
                var m = result.Metrics[i];
                if (!m.HasDistribution) throw new ArgumentException($"the {m.Device} {m.Metric} distribution of {result.Variant} was dropped already", nameof(result));
                var key = (m.Device, m.Metric);
                if (!variant.Metrics.TryGetValue(key, out var entry)) entry = (long.MaxValue, int.MaxValue, new LogLinearHistogram());
                entry.Histogram.Merge(m.Histogram);
                if (((long)result.Replication, i).CompareTo((entry.Replication, entry.Position)) < 0) entry = (result.Replication, i, entry.Histogram);
                variant.Metrics[key] = entry;
            }
        }
    }

    /// <summary>The distributions of every result, merged (for results that still hold their distributions).</summary>
    public static RunDistributions Of(IEnumerable<RunResult> results)
    {
        var distributions = new RunDistributions();
        foreach (var r in results) distributions.Add(r);
        return distributions;
    }

    /// <summary>The merged distributions of <paramref name="variant"/>, in first-appearance order; empty for an unknown variant.</summary>
    public IReadOnlyList<((string Device, string Metric) Key, LogLinearHistogram Histogram)> Of(string variant)
    {
        lock (_lock)
        {
            if (!_variants.TryGetValue(variant, out var v)) return [];
            return v.Metrics.OrderBy(e => (e.Value.Replication, e.Value.Position)).Select(e => (e.Key, e.Value.Histogram)).ToList();
        }
    }

    /// <summary>The merged distributions of <paramref name="variant"/> as latency metrics, in first-appearance order.</summary>
    public IReadOnlyList<LatencyMetric> MetricsOf(string variant) =>
        [.. Of(variant).Select(d => new LatencyMetric(d.Key.Device, d.Key.Metric, d.Histogram))];

    /// <summary>The merged distribution of one device's metric in <paramref name="variant"/>; empty when it has none.</summary>
    public LogLinearHistogram Of(string variant, string device, string metric)
    {
        lock (_lock)
            return _variants.TryGetValue(variant, out var v) && v.Metrics.TryGetValue((device, metric), out var e) ? e.Histogram : new LogLinearHistogram();
    }
}
