using IommuSim.Model;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Running;
using IommuSim.Scenarios.Tests.Commands;

namespace IommuSim.Scenarios.Tests.Running;

public class FalsePositiveTests
{
    private const int Pairs = 100;
    private const int Replications = 5;

    // The most of n trials a test of level p may flag with probability above 1 - 1e-3: the smallest k with
    // P(X > k) ≤ 1e-3 for X ~ Binomial(n, p), summed from the probability mass function. For n = 100, p = 0.05
    // (mean 5, standard deviation 2.18) it is 13: P(X > 12) = 0.0015 is above, P(X > 13) = 0.00046 below.
    private static int UpperBound(int n, double p, double tail)
    {
        double pmf = Math.Pow(1 - p, n), below = 0;
        for (int k = 0; k <= n; k++)
        {
            below += pmf;
            if (1 - below <= tail) return k;
            pmf *= (double)(n - k) / (k + 1) * p / (1 - p);
        }
        return n;
    }

    private static List<RunResult> Runs(ulong seed)
    {
        string text = CompareCommandTests.Tiny[..CompareCommandTests.Tiny.IndexOf("variants:", StringComparison.Ordinal)]
            .Replace("replications: 4", $"replications: {Replications}");
        var outcome = ScenarioLoader.LoadText(text, "tiny.yaml", [], seed);
        Assert.True(outcome.Ok, string.Join("\n", outcome.Problems));
        var spec = outcome.Scenario!.Variants[0].Spec;
        return Enumerable.Range(0, Replications).Select(r => ScenarioRunner.Run(spec, "base", r)).ToList();
    }

    [Fact]
    public void The_upper_bound_is_that_of_the_binomial_distribution()
    {
        Assert.Equal(13, UpperBound(100, 0.05, 1e-3));
        // Sanity of the sum: a fair coin of 10 tosses exceeds 8 heads with probability 11/1024 > 1e-2, 9 with 1/1024.
        Assert.Equal(9, UpperBound(10, 0.5, 1e-2));
    }

    [Fact]
    public void Two_runs_of_one_scenario_with_different_seeds_are_flagged_at_most_at_the_stated_rate()
    {
        // Seeds 1..200 in pairs: fixed, so the test is reproducible; each pair is one trial of the null hypothesis
        // (same scenario, so same means), and each figure's flag is a Bernoulli(0.05) trial if the test holds its level.
        int bound = UpperBound(Pairs, FigureComparison.Alpha, 1e-3);
        var flagged = new Dictionary<string, int> { ["achieved_gbps"] = 0, ["lat_mean_ns"] = 0, ["cpu_util_max"] = 0 };
        for (int pair = 0; pair < Pairs; pair++)
        {
            var a = Runs(2UL * (ulong)pair + 1);
            var b = Runs(2UL * (ulong)pair + 2);
            foreach (var figure in KeyFigure.All.Where(f => flagged.ContainsKey(f.Key)))
            {
                var compared = FigureComparison.Of(figure, a, b, isBaseline: false);
                Assert.NotNull(compared.Significant);
                if (compared.Significant == true) flagged[figure.Key]++;
            }
        }
        Assert.All(flagged, f => Assert.True(f.Value <= bound, $"{f.Key}: {f.Value} of {Pairs} pairs flagged; at most {bound} expected at 5%"));
    }
}
