using System.Globalization;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Model;

/// <summary>
/// Whether a variant's figures can be trusted: warnings for runs too short or warm-ups too short to reach
/// steady state, for stages that are overloaded (their queues and latency grow with the run's length, so the
/// figures depend on it), and for confidence intervals too wide across replications.
/// </summary>
/// <remarks>
/// Thresholds (conventions, chosen so that a warning means the figure would move noticeably in a longer or
/// repeated run): fewer than <see cref="MinCompletions"/> completions in a replication; an IOTLB that gained
/// more than <see cref="FillSlack"/> of its entries during the measured time (unless invalidations emptied it
/// meanwhile); a stage busy at least
/// <see cref="SaturatedUtilisation"/> of the time while more arrives than it serves; a device's mean latency
/// differing by more than <see cref="TrendRatio"/> between the halves of the measured time (and by more than
/// <see cref="TrendFloorNs"/> ns); a 95% confidence half-width above <see cref="MaxRelativeHalfWidth"/> of the mean
/// (throughput, latency) or above <see cref="MaxHitRateHalfWidth"/> (the IOTLB hit rate, a proportion).
/// </remarks>
public static class RunQuality
{
    /// <summary>Completions per replication below which percentiles and means are noisy.</summary>
    public const int MinCompletions = 1000;
    /// <summary>Share of the IOTLB's entries it may still gain in the measured time.</summary>
    public const double FillSlack = 0.05;
    /// <summary>Utilisation from which a stage counts as saturated.</summary>
    public const double SaturatedUtilisation = 0.98;
    /// <summary>Relative change of mean latency between the two halves of the measured time that counts as a trend.</summary>
    public const double TrendRatio = 0.25;
    /// <summary>Smallest change of mean latency, in nanoseconds, that counts as a trend.</summary>
    public const double TrendFloorNs = 100;
    /// <summary>Largest 95% confidence half-width, relative to the mean, that passes without a warning.</summary>
    public const double MaxRelativeHalfWidth = 0.05;
    /// <summary>Largest 95% confidence half-width of the IOTLB hit rate, in absolute terms (0.02 = 2 points).</summary>
    public const double MaxHitRateHalfWidth = 0.02;

    /// <summary>The warnings for the replications of one variant (all of the same variant).</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<RunResult> replications)
    {
        ArgumentNullException.ThrowIfNull(replications);
        var warnings = new List<string>();
        if (replications.Count == 0) return warnings;
        var first = replications[0];
        long fewest = replications.Min(r => r.DmaTransactions);
        if (fewest < MinCompletions)
            warnings.Add($"only {N(fewest)} DMAs completed in a replication (fewer than {N(MinCompletions)}): means and percentiles " +
                         $"are noisy; lengthen run.duration ({first.MeasuredTime})");
        Filling(replications, warnings);
        Saturation(replications, warnings);
        Trends(replications, warnings);
        Intervals(replications, warnings);
        return warnings;
    }

    // The IOTLB still filling while measured: warm-up shorter than what fills the caches.
    private static void Filling(IReadOnlyList<RunResult> runs, List<string> warnings)
    {
        foreach (var name in runs[0].IommuUnits.Select(u => u.Unit))
        {
            var units = runs.Select(r => r.IommuUnits.First(u => u.Unit == name)).ToList();
            // IOTLB invalidations empty it again and again (strict unmaps, flush-queue flushes): its occupancy
            // then says nothing about the warm-up.
            if (units.Any(u => u.InvalidationsOf(InvalidationKind.IotlbPage) + u.InvalidationsOf(InvalidationKind.IotlbDomain) +
                               u.InvalidationsOf(InvalidationKind.IotlbGlobal) > 0)) continue;
            var worst = units.MaxBy(u => u.IotlbOccupancy.End - u.IotlbOccupancy.Start)!;
            if (worst.IotlbOccupancy.End - worst.IotlbOccupancy.Start > FillSlack * worst.IotlbEntries)
                warnings.Add($"warm-up ({runs[0].Warmup}) is too short: {name}'s IOTLB held {N(worst.IotlbOccupancy.Start)} of " +
                             $"{N(worst.IotlbEntries)} entries when measuring began and {N(worst.IotlbOccupancy.End)} at the end; " +
                             "lengthen run.warmup");
        }
    }

    private static void Saturation(IReadOnlyList<RunResult> runs, List<string> warnings)
    {
        foreach (int cpu in runs[0].Cpus.Select(c => c.Cpu))
        {
            // Offered and served requests of the devices whose drivers run on this CPU, over the replications.
            double util = runs.Average(r => r.Cpus[cpu].Utilisation);
            double seconds = runs.Sum(r => r.MeasuredTime.TotalSeconds);
            long issued = runs.Sum(r => r.Devices.Where(d => d.Cpu == cpu).Sum(d => d.Issued));
            long served = runs.Sum(r => r.Devices.Where(d => d.Cpu == cpu).Sum(d => d.Completed));
            if (util < SaturatedUtilisation || issued <= served * 1.01 || served == 0) continue;
            double perRequest = util * seconds / served;
            warnings.Add($"cpu{cpu} is saturated (offered {Rate(issued / seconds)} requests/s, capacity {Rate(1 / perRequest)}/s: " +
                         $"{Ns(perRequest * 1e12)} of CPU per request); latency grows with run length");
        }
        foreach (var name in runs[0].IommuUnits.Select(u => u.Unit))
        {
            var units = runs.Select(r => r.IommuUnits.First(u => u.Unit == name)).ToList();
            double util = units.Average(u => u.WalkerUtilisation);
            if (util < SaturatedUtilisation) continue;
            double seconds = runs.Sum(r => r.MeasuredTime.TotalSeconds);
            long walks = units.Sum(u => u.Walks), offered = units.Sum(u => u.IotlbMisses - u.SharedWalks);
            if (walks == 0 || offered <= walks * 1.01) continue;
            warnings.Add($"{name}'s page walkers are saturated (offered {Rate(offered / seconds)} walks/s, capacity " +
                         $"{Rate(walks / seconds / util)}/s); latency grows with run length");
        }
    }

    private static void Trends(IReadOnlyList<RunResult> runs, List<string> warnings)
    {
        foreach (var name in runs[0].Devices.Select(d => d.Device))
        {
            var devices = runs.Select(r => r.Devices.First(d => d.Device == name)).ToList();
            long n1 = devices.Sum(d => d.HalfCounts.First), n2 = devices.Sum(d => d.HalfCounts.Second);
            if (n1 < 100 || n2 < 100) continue;
            double first = devices.Sum(d => d.HalfCounts.First * d.FirstHalfMeanPs) / n1;
            double second = devices.Sum(d => d.HalfCounts.Second * d.SecondHalfMeanPs) / n2;
            double change = second - first;
            if (Math.Abs(change) <= TrendFloorNs * 1000 || Math.Abs(change) <= TrendRatio * Math.Max(first, second)) continue;
            warnings.Add(change > 0
                ? $"{name}'s DMA latency grows through the run (mean {Ns(first)} in the first half of the measured time, " +
                  $"{Ns(second)} in the second): a stage is overloaded and the figures depend on run length"
                : $"{name}'s DMA latency falls through the run (mean {Ns(first)} in the first half, {Ns(second)} in the second): " +
                  "the warm-up did not reach steady state; lengthen run.warmup");
        }
    }

    private static void Intervals(IReadOnlyList<RunResult> runs, List<string> warnings)
    {
        if (runs.Count < 2) return;
        (string What, Func<RunResult, double> Value)[] relativeFigures =
        [
            ("achieved throughput", r => r.AchievedGbps),
            ("mean DMA latency", r => r.Latency.Summary.Mean),
        ];
        const string Advice = "add replications or lengthen run.duration";
        foreach (var (what, value) in relativeFigures)
        {
            var samples = runs.Select(value).ToList();
            if (!samples.All(double.IsFinite) || samples.Average() == 0) continue;
            var ci = ConfidenceInterval.StudentT(samples);
            double relative = ci.HalfWidth / Math.Abs(ci.Mean);
            if (relative > MaxRelativeHalfWidth)
                warnings.Add($"the 95% confidence interval of the {what} is ±{Percent(relative)} of its mean over {runs.Count} replications: {Advice}");
        }
        var hitRates = runs.Select(r => r.IotlbHitRate).ToList();
        if (hitRates.All(double.IsFinite))
        {
            var ci = ConfidenceInterval.StudentT(hitRates);
            if (ci.HalfWidth > MaxHitRateHalfWidth)
                warnings.Add($"the 95% confidence interval of the IOTLB hit rate is {Percent(ci.Mean)} ± {Percent(ci.HalfWidth)} over " +
                             $"{runs.Count} replications: {Advice}");
        }
    }

    private static string Percent(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(double perSecond) => perSecond >= 1e6
        ? (perSecond / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M"
        : (perSecond / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " k";

    private static string Ns(double picoseconds) => (picoseconds / 1000).ToString("N0", CultureInfo.InvariantCulture) + " ns";
}
