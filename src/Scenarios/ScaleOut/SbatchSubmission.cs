using System.Diagnostics;

namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// Submits the written scripts as <c>submit.sh</c> does: <c>sbatch --parsable array.sbatch</c>, then
/// <c>sbatch --parsable --dependency=afterok:ID merge.sbatch</c>, from the run directory, in this process's environment
/// (which sbatch hands on to the jobs: SLURM_CONF among it).
/// </summary>
internal static class SbatchSubmission
{
    /// <summary>The program submitted with.</summary>
    public const string Program = "sbatch";

    /// <summary>How long one sbatch call may take; it only talks to slurmctld.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);


    /// <summary>The absolute path of sbatch on PATH, or null where there is none.</summary>
    public static string? Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, Program);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                return Path.GetFullPath(candidate);
        }
        return null;
    }

    /// <summary>Submits the array, then the merge after it, with <paramref name="sbatch"/> from <paramref name="directory"/>.</summary>
    public static SbatchOutcome Submit(string sbatch, string directory)
    {
        var array = Run(sbatch, directory, "--parsable", SlurmArrayScript.FileName);
        if (array.Problem is not null) return new SbatchOutcome(null, null, $"{SlurmArrayScript.FileName}: {array.Problem}");
        var merge = Run(sbatch, directory, "--parsable", "--dependency=afterok:" + array.Id, SlurmMergeScript.FileName);
        if (merge.Problem is not null) return new SbatchOutcome(array.Id, null, $"{SlurmMergeScript.FileName}: {merge.Problem}");
        return new SbatchOutcome(array.Id, merge.Id, null);
    }

    private static (string? Id, string? Problem) Run(string sbatch, string directory, params string[] args)
    {
        var info = new ProcessStartInfo(sbatch)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return (null, $"sbatch did not answer within {Timeout.TotalSeconds:0} s");
        }
        string stderr = error.Result.Trim();
        if (process.ExitCode != 0)
            return (null, $"sbatch exited with {process.ExitCode}" + (stderr.Length > 0 ? ": " + stderr : ""));
        // --parsable prints "id" or "id;cluster".
        string id = output.Result.Trim().Split(';')[0];
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            return (null, $"sbatch printed no job id ('{output.Result.Trim()}')" + (stderr.Length > 0 ? ": " + stderr : ""));
        return (id, null);
    }
}
