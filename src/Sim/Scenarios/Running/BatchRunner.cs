using System.Runtime.ExceptionServices;
using IommuSim.Model;

namespace IommuSim.Scenarios.Running;

/// <summary>
/// Runs the jobs on up to <c>workers</c> threads (each replication is single-threaded and
/// independent) and returns the results in job order, so the outputs do not depend on the number of
/// threads or on which job finished first. Each result's distributions are merged into
/// <c>distributions</c> as it finishes and dropped from the result kept, so memory does not grow with the
/// number of replications (only their figures are kept).
/// </summary>
internal static class BatchRunner
{
    public static RunResult[] Run(IReadOnlyList<RunJob> jobs, ReplicationRunner runner, int workers,
        BatchProgress progress, RunDistributions distributions, CancellationToken cancellationToken)
    {
        var results = new RunResult[jobs.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, jobs.Count, options, i =>
            {
                var job = jobs[i];
                var result = runner(job.Variant.Spec, job.Variant.Name, job.Replication, progress.For(i), cancellationToken);
                distributions.Add(result);
                results[i] = result.WithoutDistributions();
                progress.Complete(i);
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // Report the model's own exception, not the thread pool's wrapper.
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
        return results;
    }
}
