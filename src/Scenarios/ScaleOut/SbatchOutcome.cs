namespace IommuSim.Scenarios.ScaleOut;

/// <summary>What <see cref="SbatchSubmission.Submit"/> did: both job ids, or what failed (with sbatch's own words).</summary>
/// <param name="ArrayJob">The job array's id, once submitted (also when the merge's submission failed after it).</param>
/// <param name="MergeJob">The merge job's id, once submitted.</param>
/// <param name="Problem">What went wrong, or null.</param>
internal sealed record SbatchOutcome(string? ArrayJob, string? MergeJob, string? Problem);
