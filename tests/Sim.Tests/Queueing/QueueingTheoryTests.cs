using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;
using IommuSim.Queueing;

namespace IommuSim.Tests.Queueing;

/// <summary>
/// The kernel against closed-form queueing theory. Each case runs independent replications (own
/// seeds, empty start, warm-up discarded), forms a Student-t 95% interval over replication means,
/// and asserts the closed-form value lies in it and the grand mean is within 3%.
/// Time unit: mean service time = 1 µs, so waits divided by 1e6 ps are in service times.
/// </summary>
public class QueueingTheoryTests
{
    private const double ServicePs = 1e6;

    private sealed record Outcome(ConfidenceInterval Wait, double LittleL, double LittleLambdaW, QueueingStation Last);

    private static Outcome Replicate(int servers, double utilisation, bool deterministicService,
        int replications, long customersPerReplication, ulong seed)
    {
        var means = new List<double>();
        double lSum = 0, lwSum = 0;
        QueueingStation? last = null;
        var master = new RandomStreams(seed);
        for (int r = 0; r < replications; r++)
        {
            var streams = master.Derive($"replication-{r}");
            var sim = new Simulation();
            var service = SimTime.FromMicroseconds(1);
            var interarrival = new ExponentialDuration(streams.Get("arrivals"),
                SimTime.FromSeconds(service.TotalSeconds / (servers * utilisation)));
            IDurationSource serviceSource = deterministicService
                ? new ConstantDuration(service)
                : new ExponentialDuration(streams.Get("service"), service);
            var station = new QueueingStation(sim, servers, interarrival, serviceSource);
            station.Start(customersPerReplication, warmupCustomers: 5_000);
            sim.Run();
            means.Add(station.Waits.Mean / ServicePs);
            // Little's law over the measuring window: L = time-average number in system,
            // lambda = arrivals / window length, W = mean sojourn.
            double window = (sim.Now - station.WindowStart).Picoseconds;
            lSum += station.InSystem.Mean(sim.Now);
            lwSum += station.WindowArrivals / window * station.Sojourns.Mean;
            last = station;
        }
        return new Outcome(ConfidenceInterval.StudentT(means), lSum / replications, lwSum / replications, last!);
    }

    private static void AssertMatches(double theory, ConfidenceInterval ci)
    {
        Assert.True(ci.Contains(theory),
            $"closed form {theory:F4} outside the 95% interval {ci.Lower:F4}..{ci.Upper:F4} (mean {ci.Mean:F4})");
        Assert.True(Math.Abs(ci.Mean - theory) / theory < 0.03,
            $"simulated mean wait {ci.Mean:F4} is more than 3% from the closed form {theory:F4}");
    }

    // M/M/1, mu = 1: Wq = rho / (1 - rho) (Kleinrock vol. 1, eq. 3.23 with W = 1/(mu - lambda)).
    [Theory]
    [InlineData(0.5, 1.0, 200_000)]
    [InlineData(0.8, 4.0, 400_000)]
    [InlineData(0.9, 9.0, 800_000)]
    public void MM1_mean_wait_matches_the_closed_form(double rho, double expectedWait, long customers)
    {
        var outcome = Replicate(1, rho, false, 10, customers, seed: 2026);
        AssertMatches(expectedWait, outcome.Wait);
        Assert.Equal(outcome.LittleL, outcome.LittleLambdaW, tolerance: outcome.LittleL * 0.005);
    }

    // M/D/1, mu = 1: Pollaczek-Khinchine with zero service variance: Wq = rho / (2 (1 - rho)) = 2.0 at 0.8.
    [Fact]
    public void MD1_mean_wait_matches_Pollaczek_Khinchine()
    {
        var outcome = Replicate(1, 0.8, true, 10, 300_000, seed: 7);
        AssertMatches(2.0, outcome.Wait);
        Assert.Equal(outcome.LittleL, outcome.LittleLambdaW, tolerance: outcome.LittleL * 0.005);
    }

    // M/M/4 at rho = 0.9 (a = 3.6 Erlangs): Erlang C from its direct sum,
    // C = (a^c/c! / (1-rho)) / (sum_{k<c} a^k/k! + a^c/c! / (1-rho)) = 0.787753..., Wq = C / (c - a) = 1.969383...
    [Fact]
    public void MM4_mean_wait_matches_Erlang_C()
    {
        double a = 3.6, rho = 0.9, head = 0, fact = 1;
        for (int k = 0; k < 4; k++) { if (k > 0) fact *= k; head += Math.Pow(a, k) / fact; }
        double tail = Math.Pow(a, 4) / 24 / (1 - rho);
        double expected = tail / (head + tail) / (4 - a);
        Assert.Equal(1.9693831607, expected, 9);
        var outcome = Replicate(4, rho, false, 10, 300_000, seed: 11);
        AssertMatches(expected, outcome.Wait);
        Assert.Equal(outcome.LittleL, outcome.LittleLambdaW, tolerance: outcome.LittleL * 0.005);
        // The library's Erlang C (recurrence form) agrees with the direct sum.
        Assert.Equal(expected, ErlangC.MeanWaitInServiceTimes(4, a), 9);
    }

    // M/M/1 waiting-time tail: P(Wq > t) = rho e^{-mu (1-rho) t}; the 99th percentile is
    // ln(rho / 0.01) / (1 - rho) = ln(80) / 0.2 = 21.91 service times at rho = 0.8.
    [Fact]
    public void MM1_wait_p99_matches_the_exponential_tail()
    {
        var outcome = Replicate(1, 0.8, false, 1, 1_000_000, seed: 99);
        double p99 = outcome.Last.WaitHistogram.Percentile(0.99) / ServicePs;
        Assert.InRange(p99, 21.91 * 0.97, 21.91 * 1.03);
    }
}
