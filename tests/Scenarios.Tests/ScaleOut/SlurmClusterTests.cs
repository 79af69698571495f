namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>The test cluster itself: it runs a job array's tasks with the submitter's SLURM_CONF, and stops.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(SlurmClusterCollection.Name)]
public sealed class SlurmClusterTests(SlurmCluster cluster)
{
    [SlurmFact]
    public void Runs_every_task_of_an_array_with_the_submitters_environment()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir["echo.sbatch"],
            $"#!/bin/sh\n#SBATCH --array=0-2%2\n#SBATCH --output=\"{dir.Path}/task-%a.out\"\necho \"task $SLURM_ARRAY_TASK_ID $SLURM_CONF\"\n");
        string job = cluster.Submit(dir.Path, "echo.sbatch");
        cluster.WaitGone(job, TimeSpan.FromSeconds(60));
        for (int i = 0; i < 3; i++)
            Assert.Equal($"task {i} {cluster.ConfigFile}\n", File.ReadAllText(dir[$"task-{i}.out"]));
    }
}
