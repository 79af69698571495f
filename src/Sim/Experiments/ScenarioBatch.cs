using IommuSim.Model;
using IommuSim.Parameters;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Running;

namespace IommuSim.Experiments;

/// <summary>
/// Runs a loaded scenario as <c>iommusim run</c> does: every replication of every variant on the batch runner,
/// results in job order whatever the thread count, distributions merged per variant, and the same warnings.
/// </summary>
internal static class ScenarioBatch
{
    public static Results Run(LoadedScenario scenario, int workers, CancellationToken cancellationToken)
    {
        var jobs = RunJob.For(scenario);
        var distributions = new RunDistributions();
        RunResult[] runs;
        try
        {
            runs = BatchRunner.Run(jobs, (spec, variant, replication, progress, token) => ScenarioRunner.Run(spec, variant, replication, progress, token),
                workers, new BatchProgress(jobs), distributions, cancellationToken);
        }
        catch (ScenarioSetupException e)
        {
            // Binds and validates, but cannot be set up as written: placed at the key, as the CLI places it.
            throw new ScenarioException([$"{scenario.LocationOf(e.Key)}: error: {e.Message}"]);
        }
        return new Results(scenario, runs, distributions, [.. RunWarnings.OfVariants(scenario), .. RunWarnings.OfResults(runs)]);
    }
}
