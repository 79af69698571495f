using System.Globalization;
using System.Text;

namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// <c>merge.sbatch</c>: one task that merges every shard's directory into <c>merged/</c> (<c>iommusim merge</c>), giving
/// the bytes a run on one machine gives. Submitted with <c>--dependency=afterok:ARRAY</c>, it starts only once every
/// array task succeeded; its output goes to <c>logs/merge.out</c>.
/// </summary>
internal static class SlurmMergeScript
{
    /// <summary>The script's file name.</summary>
    public const string FileName = "merge.sbatch";

    /// <summary>The script's text.</summary>
    public static string Text(ScaleOutPlan plan)
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append(CultureInfo.InvariantCulture, $"# Merges the {plan.Shards} shards of {plan.ScenarioFile} into {plan.MergedDirectory}; submit it after array.sbatch, with --dependency=afterok.\n");
        text.Append(SbatchDirective.Line("--job-name", plan.JobName + "-merge")).Append('\n');
        text.Append(SbatchDirective.Line("--output", SbatchDirective.LiteralInPattern(plan.LogsDirectory) + "/merge.out")).Append('\n');
        // Merging reads and writes files: one CPU.
        SlurmArrayScript.AppendResources(text, plan, cpus: 1);
        text.Append("set -eu\n");
        text.Append(MergeCommand(plan)).Append('\n');
        return text.ToString();
    }

    /// <summary>The merge's command line.</summary>
    public static string MergeCommand(ScaleOutPlan plan)
    {
        var line = new StringBuilder("exec ");
        line.Append(plan.CommandLine).Append(" merge");
        for (int i = 0; i < plan.Shards; i++) line.Append(' ').Append(ShellWord.Quote(plan.ShardDirectory(i)));
        line.Append(" --out ").Append(ShellWord.Quote(plan.MergedDirectory)).Append(" --quiet");
        return line.ToString();
    }
}
