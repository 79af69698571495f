using System.Text;

namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// What the Slurm scripts and the Kubernetes manifests of a sharded run say: the scenario and its command-line changes,
/// how many shards and how many at once, where everything goes, and the command that starts the tool. Paths are absolute,
/// since the jobs start elsewhere, later, in another working directory.
/// </summary>
/// <param name="ScenarioFile">The scenario file, absolute.</param>
/// <param name="ScenarioName">The scenario's name, for job names.</param>
/// <param name="Directory">The directory of the scripts, shards, logs and merged outputs, absolute.</param>
/// <param name="Shards">How many shards the run grid is cut into (N of <c>--shard I/N</c>), at least 1.</param>
/// <param name="Throttle">How many shards run at once at most, at least 1.</param>
/// <param name="CpusPerTask">CPUs a shard's task asks for, and the replications it runs in parallel (<c>--jobs</c>).</param>
/// <param name="Partition">The Slurm partition, or null for the cluster's default.</param>
/// <param name="TimeLimit">The Slurm time limit of each task (sbatch's <c>--time</c> format), or null for the partition's.</param>
/// <param name="ScenarioArguments">The <c>--set</c>, <c>--seed</c> and <c>--variant</c> words, as given, for every shard.</param>
/// <param name="CommandLine">What starts the tool on the cluster's nodes, as shell text (quoted where needed).</param>
/// <param name="Image">The container image of the Kubernetes jobs, with <c>iommusim</c> on its PATH.</param>
/// <param name="VolumeClaim">The PersistentVolumeClaim that holds <paramref name="Directory"/> for the Kubernetes jobs.</param>
internal sealed record ScaleOutPlan(
    string ScenarioFile,
    string ScenarioName,
    string Directory,
    int Shards,
    int Throttle,
    int CpusPerTask,
    string? Partition,
    string? TimeLimit,
    IReadOnlyList<string> ScenarioArguments,
    string CommandLine,
    string Image,
    string VolumeClaim)
{
    /// <summary>The folder of the shards' directories, <c>shards/I</c>.</summary>
    public const string ShardsFolder = "shards";

    /// <summary>The folder of the Slurm jobs' output.</summary>
    public const string LogsFolder = "logs";

    /// <summary>The folder the merge writes the outputs into.</summary>
    public const string MergedFolder = "merged";

    /// <summary>Where shard <paramref name="index"/> writes.</summary>
    public string ShardDirectory(int index) => Path.Combine(Directory, ShardsFolder, index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Where the merge writes.</summary>
    public string MergedDirectory => Path.Combine(Directory, MergedFolder);

    /// <summary>Where the Slurm jobs' output goes.</summary>
    public string LogsDirectory => Path.Combine(Directory, LogsFolder);

    /// <summary>
    /// The Slurm job name, <c>iommusim-NAME</c>: the scenario's name with letters, digits, '.', '_' and '-' kept and
    /// anything else made '-', so that it reads plainly in squeue and needs no quoting.
    /// </summary>
    public string JobName => "iommusim-" + Sanitised(ScenarioName, 64, lower: false);

    /// <summary>
    /// The Kubernetes Job name: a DNS label (lower-case letters, digits and '-', starting and ending alphanumeric), short
    /// enough that the suffix of the merge job and the pods' index still fit in 63 characters.
    /// </summary>
    public string KubernetesName
    {
        get
        {
            string label = Sanitised(ScenarioName, 40, lower: true).Replace('.', '-').Replace('_', '-').Trim('-');
            return label.Length == 0 ? "iommusim" : "iommusim-" + label;
        }
    }

    private static string Sanitised(string name, int maxLength, bool lower)
    {
        var text = new StringBuilder(Math.Min(name.Length, maxLength));
        foreach (char c in name)
        {
            if (text.Length == maxLength) break;
            char k = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-';
            text.Append(lower ? char.ToLowerInvariant(k) : k);
        }
        return text.Length == 0 ? "run" : text.ToString();
    }
}
