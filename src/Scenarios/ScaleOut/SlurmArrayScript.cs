using System.Globalization;
using System.Text;

namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// <c>array.sbatch</c>: a Slurm job array of one task per shard, at most <see cref="ScaleOutPlan.Throttle"/> running at
/// once (<c>--array=0-(N-1)%K</c>); task I runs <c>iommusim run FILE --shard I/N</c> into <c>shards/I</c>. Each task's
/// output goes to <c>logs/shard-I.out</c>. Submitted alone with <c>--array=I</c>, it reruns only shard I.
/// </summary>
internal static class SlurmArrayScript
{
    /// <summary>The script's file name.</summary>
    public const string FileName = "array.sbatch";

    /// <summary>The environment variable in which Slurm gives each array task its index.</summary>
    public const string TaskIdVariable = "SLURM_ARRAY_TASK_ID";

    /// <summary>The script's text.</summary>
    public static string Text(ScaleOutPlan plan)
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append(CultureInfo.InvariantCulture, $"# One Slurm array task per shard of {plan.ScenarioFile}; 'sh submit.sh' submits it and the merge.\n");
        text.Append(SbatchDirective.Line("--job-name", plan.JobName)).Append('\n');
        text.Append(SbatchDirective.Line("--array", string.Create(CultureInfo.InvariantCulture, $"0-{plan.Shards - 1}%{plan.Throttle}"))).Append('\n');
        text.Append(SbatchDirective.Line("--output", SbatchDirective.LiteralInPattern(plan.LogsDirectory) + "/shard-%a.out")).Append('\n');
        AppendResources(text, plan, plan.CpusPerTask);
        text.Append("set -eu\n");
        text.Append(TaskCommand(plan)).Append('\n');
        return text.ToString();
    }

    /// <summary>The task's command line: the shard whose index Slurm gives the task.</summary>
    public static string TaskCommand(ScaleOutPlan plan)
    {
        string index = "\"${" + TaskIdVariable + "}\"";
        var line = new StringBuilder("exec ");
        line.Append(plan.CommandLine).Append(" run ").Append(ShellWord.Quote(plan.ScenarioFile));
        line.Append(" --shard ").Append(index).Append(CultureInfo.InvariantCulture, $"/{plan.Shards}");
        line.Append(" --out ").Append(ShellWord.Quote(Path.Combine(plan.Directory, ScaleOutPlan.ShardsFolder) + "/")).Append(index);
        line.Append(CultureInfo.InvariantCulture, $" --jobs {plan.CpusPerTask} --quiet");
        foreach (var word in plan.ScenarioArguments) line.Append(' ').Append(ShellWord.Quote(word));
        return line.ToString();
    }

    /// <summary>The <c>--cpus-per-task</c>, <c>--partition</c> and <c>--time</c> lines, shared with the merge script.</summary>
    internal static void AppendResources(StringBuilder text, ScaleOutPlan plan, int cpus)
    {
        text.Append(SbatchDirective.Line("--cpus-per-task", cpus.ToString(CultureInfo.InvariantCulture))).Append('\n');
        if (plan.Partition is not null) text.Append(SbatchDirective.Line("--partition", plan.Partition)).Append('\n');
        if (plan.TimeLimit is not null) text.Append(SbatchDirective.Line("--time", plan.TimeLimit)).Append('\n');
    }
}
