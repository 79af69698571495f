namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// Writes a plan's scripts and manifests into its directory, with the empty <c>logs/</c> (sbatch does not make the
/// directory of <c>--output</c>) and <c>shards/</c> folders. Each file is written beside its place and renamed into it,
/// so that a file is whole or as it was; shards, logs and merged outputs already there are left alone.
/// </summary>
internal static class ScaleOutFiles
{
    /// <summary>The files written, in the order printed.</summary>
    public static readonly IReadOnlyList<string> FileNames =
    [
        SlurmArrayScript.FileName, SlurmMergeScript.FileName, SlurmSubmitScript.FileName,
        KubernetesManifests.IndexedJobFileName, KubernetesManifests.MergeJobFileName,
    ];

    /// <summary>Writes every file of <paramref name="plan"/>.</summary>
    public static void Write(ScaleOutPlan plan)
    {
        Directory.CreateDirectory(plan.LogsDirectory);
        Directory.CreateDirectory(Path.Combine(plan.Directory, ScaleOutPlan.ShardsFolder));
        Put(plan, SlurmArrayScript.FileName, SlurmArrayScript.Text(plan), executable: false);
        Put(plan, SlurmMergeScript.FileName, SlurmMergeScript.Text(plan), executable: false);
        Put(plan, SlurmSubmitScript.FileName, SlurmSubmitScript.Text(plan), executable: true);
        Put(plan, KubernetesManifests.IndexedJobFileName, KubernetesManifests.IndexedJob(plan), executable: false);
        Put(plan, KubernetesManifests.MergeJobFileName, KubernetesManifests.MergeJob(plan), executable: false);
    }

    private static void Put(ScaleOutPlan plan, string name, string text, bool executable)
    {
        string target = Path.Combine(plan.Directory, name);
        string partial = Path.Combine(plan.Directory, $".{name}.partial-{Environment.ProcessId}");
        try
        {
            File.WriteAllText(partial, text);
            if (executable && !OperatingSystem.IsWindows())
                File.SetUnixFileMode(partial, File.GetUnixFileMode(partial) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }
}
