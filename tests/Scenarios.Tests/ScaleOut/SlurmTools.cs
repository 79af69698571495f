namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>Where Debian's slurm-wlm and munge put their programs, and whether this machine has them all.</summary>
internal static class SlurmTools
{
    /// <summary>The programs the test cluster starts or calls.</summary>
    public static readonly IReadOnlyList<string> Programs = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "scontrol", "sinfo", "setpriv", "chown"];

    /// <summary>The absolute path of <paramref name="program"/>, looked up on PATH and in the sbin directories (daemons live there).</summary>
    public static string? Find(string program)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        foreach (var dir in dirs)
        {
            string candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Why the cluster cannot start here, or null when it can.</summary>
    public static string? Missing()
    {
        var missing = Programs.Where(p => Find(p) is null).ToList();
        if (missing.Count > 0) return $"not installed: {string.Join(", ", missing)} (apt-get install slurm-wlm munge)";
        if (!File.ReadLines("/etc/passwd").Any(l => l.StartsWith("munge:", StringComparison.Ordinal))) return "there is no munge user (apt-get install munge makes it)";
        if (Environment.UserName != "root") return "the test cluster runs slurmd as root (SlurmdUser=root) and munged as the munge user: the tests must run as root";
        return null;
    }
}
