using System.Text;

namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// <c>submit.sh</c>: submits the job array, then the merge with <c>--dependency=afterok</c> on it, and prints both job
/// ids; its comments say how to rerun one failed shard and the merge after it.
/// </summary>
internal static class SlurmSubmitScript
{
    /// <summary>The script's file name.</summary>
    public const string FileName = "submit.sh";

    /// <summary>The script's text.</summary>
    public static string Text(ScaleOutPlan plan)
    {
        var text = new StringBuilder();
        text.Append("#!/bin/sh\n");
        text.Append("# Submits the shards as a Slurm job array, then the merge, which starts once every shard succeeded.\n");
        text.Append("#\n");
        text.Append("# When a shard I failed (see logs/shard-I.out) the merge never starts: its afterok cannot be met, and squeue\n");
        text.Append("# shows it pending with reason DependencyNeverSatisfied. Cancel it, rerun shard I alone, and submit the merge\n");
        text.Append("# again after it (a rerun shard replaces its directory whole, so the merge gives the same bytes):\n");
        text.Append("#   scancel MERGE_ID\n");
        text.Append("#   rerun=$(sbatch --parsable --array=I " + SlurmArrayScript.FileName + ")\n");
        text.Append("#   sbatch --parsable --dependency=afterok:${rerun%%;*} " + SlurmMergeScript.FileName + "\n");
        text.Append("set -eu\n");
        text.Append("cd " + ShellWord.Quote(plan.Directory) + "\n");
        // --parsable prints "id" or "id;cluster".
        text.Append("array=$(sbatch --parsable " + SlurmArrayScript.FileName + ")\n");
        text.Append("array=${array%%;*}\n");
        text.Append("merge=$(sbatch --parsable --dependency=afterok:\"$array\" " + SlurmMergeScript.FileName + ")\n");
        text.Append("echo \"array job $array\"\n");
        text.Append("echo \"merge job ${merge%%;*}\"\n");
        return text.ToString();
    }
}
