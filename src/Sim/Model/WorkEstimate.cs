using IommuSim.Model.Spec;

namespace IommuSim.Model;

/// <summary>
/// How much simulation a scenario asks for, before running it: the DMA requests its devices issue over warm-up
/// and measured time in every replication, and the 4 KiB pieces the IOMMU translates. A replication costs about
/// a microsecond of CPU time per request and as much per translated piece (<c>iommusim bench</c>, README).
/// </summary>
/// <param name="Requests">DMA requests issued, all replications.</param>
/// <param name="Translations">4 KiB pieces translated, all replications.</param>
public readonly record struct WorkEstimate(double Requests, double Translations)
{
    /// <summary>
    /// Work (requests plus translations) a run does without <c>--force</c>: 10^9, some fifteen minutes on one core;
    /// beyond it a mistyped duration or rate (a 1,000,000 s run, 10 Tbit/s of 1-byte requests) would run for days.
    /// </summary>
    public const double Budget = 1e9;

    /// <summary>Requests plus translations.</summary>
    public double Units => Requests + Translations;

    /// <summary>True when <see cref="Units"/> is beyond <see cref="Budget"/>.</summary>
    public bool IsBeyondBudget => Units > Budget;

    /// <summary>The sum of two estimates.</summary>
    public static WorkEstimate operator +(WorkEstimate a, WorkEstimate b) => new(a.Requests + b.Requests, a.Translations + b.Translations);

    /// <summary>The work of every replication of <paramref name="spec"/>.</summary>
    public static WorkEstimate Of(ScenarioSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        double seconds = (spec.Run.Warmup + spec.Run.Duration).TotalSeconds;
        double requests = 0, pieces = 0;
        foreach (var device in spec.Devices)
        {
            var (n, translations) = device.EstimateWork(seconds);
            requests += n;
            pieces += translations;
        }
        return new WorkEstimate(requests * spec.Run.Replications, pieces * spec.Run.Replications);
    }
}
