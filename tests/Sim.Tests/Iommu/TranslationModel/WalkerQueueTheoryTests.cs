using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;
using static IommuSim.Tests.Iommu.TranslationModel.TranslationRig;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>
/// The walkers as a queue. One walker, no walk caches and an LLC hit rate of 0: every walk reads 4 entries of
/// 90 ns, a fixed service time S = 360 ns. Misses arrive as a Poisson process, each to a page not in the
/// (1-entry) IOTLB, and walks are not shared: the walker queue is M/D/1, whose mean wait is given by
/// Pollaczek–Khinchine with zero service variance: Wq = ρ S / (2 (1 − ρ)). At ρ = 0.7: 0.7 × 360 / 0.6 = 420 ns.
/// </summary>
public class WalkerQueueTheoryTests
{
    private const double Rho = 0.7;
    private const double ServiceNs = 360;
    private const double TheoryWaitNs = Rho * ServiceNs / (2 * (1 - Rho));
    private const int Pages = 1024;

    private sealed class PoissonMisses : ITranslationClient
    {
        private static readonly Action<object?> Arrive = static s => ((PoissonMisses)s!).OnArrival();
        private readonly TranslationRig _rig;
        private readonly RandomStream _arrivals;
        private readonly double _meanGapNs;
        private readonly int _warmup;
        private int _remaining;
        private int _page;
        private int _completed;

        public PoissonMisses(TranslationRig rig, RandomStream arrivals, int count, int warmup)
        {
            _rig = rig;
            _arrivals = arrivals;
            _meanGapNs = ServiceNs / Rho;
            _remaining = count;
            _warmup = warmup;
        }

        public Tally Waits { get; } = new();
        public Tally Walks { get; } = new();

        public void Start() => _rig.Sim.Schedule(Gap(), Arrive, this);

        private SimTime Gap() => SimTime.FromNanoseconds(_arrivals.NextExponential(_meanGapNs));

        private void OnArrival()
        {
            // The next page in a cycle of 1024: the 1-entry IOTLB never holds it, so every request misses.
            _page = (_page + 1) % Pages;
            var request = new TranslationRequest(0x100, (ulong)_page * 4 * KiB, AccessKind.Write);
            Assert.False(_rig.Unit.Translate(request, this, 0, out _));
            if (--_remaining > 0) _rig.Sim.Schedule(Gap(), Arrive, this);
        }

        public void OnTranslated(in IommuSim.Iommu.Translation translation, long token)
        {
            Assert.True(translation.Succeeded);
            if (++_completed <= _warmup) return;
            Waits.Add(translation.Latency.WalkerWait.TotalNanoseconds);
            Walks.Add(translation.Latency.Walk.TotalNanoseconds);
        }
    }

    [Fact]
    public void With_one_walker_the_mean_wait_for_a_walker_matches_Pollaczek_Khinchine()
    {
        var parameters = NoWalkCaches() with
        {
            Walkers = new WalkerParams { Count = 1, ShareWalks = false },
            Iotlb = new IotlbParams { Entries = 1, Ways = 1 },
        };
        var means = new List<double>();
        var master = new RandomStreams(0x4D44_31);
        for (int r = 0; r < 8; r++)
        {
            var rig = new TranslationRig(parameters, seed: (ulong)r + 1);
            var d = rig.NewDomain(1);
            rig.Unit.Attach(0x100, d.Domain);
            d.Map(0, 0x100_1000, Pages * 4 * KiB, Permissions.ReadWrite);   // physical side not 2 MiB aligned: 4 KiB leaves
            rig.Translate(0x100, 0);   // the context fetch happens before measuring
            var misses = new PoissonMisses(rig, master.Derive($"replication-{r}").Get("arrivals"), count: 50_000, warmup: 1_000);
            misses.Start();
            rig.Sim.Run();

            Assert.Equal(49_000, misses.Waits.Count);
            Assert.Equal((ServiceNs, ServiceNs), (misses.Walks.Min, misses.Walks.Max));   // deterministic service
            means.Add(misses.Waits.Mean);
        }

        var ci = ConfidenceInterval.StudentT(means);
        Assert.True(ci.Contains(TheoryWaitNs), $"P-K {TheoryWaitNs:F1} ns outside the 95% interval {ci.Lower:F1}..{ci.Upper:F1} ns");
        Assert.True(Math.Abs(ci.Mean - TheoryWaitNs) / TheoryWaitNs < 0.03, $"mean wait {ci.Mean:F1} ns is more than 3% from P-K {TheoryWaitNs:F1} ns");
    }
}
