using System.Globalization;
using YamlDotNet.Serialization;

namespace IommuSim.Scenarios.ScaleOut;

/// <summary>
/// The Kubernetes counterparts of the Slurm scripts, as <c>batch/v1</c> Jobs: <c>indexed-job.yaml</c>, an Indexed Job of
/// one completion per shard (<c>completionMode: Indexed</c>), at most <see cref="ScaleOutPlan.Throttle"/> pods at once,
/// each running the shard whose index the Job controller gives it in <c>JOB_COMPLETION_INDEX</c>; and
/// <c>merge-job.yaml</c>, the merge, to apply once the first completed (Kubernetes has no afterok). Both mount the
/// PersistentVolumeClaim <see cref="ScaleOutPlan.VolumeClaim"/> at the run directory's own path, so that every path
/// reads as in the Slurm scripts; the scenario file must be found at its path in the container too (in the image, or
/// in the run directory).
/// </summary>
internal static class KubernetesManifests
{
    /// <summary>The Indexed Job's file name.</summary>
    public const string IndexedJobFileName = "indexed-job.yaml";

    /// <summary>The merge Job's file name.</summary>
    public const string MergeJobFileName = "merge-job.yaml";

    /// <summary>The environment variable in which the Job controller gives each pod of an Indexed Job its index.</summary>
    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The command the containers run, looked up on the image's PATH.</summary>
    public const string ImageCommand = "iommusim";

    private const string VolumeName = "runs";

    /// <summary>The Indexed Job of the shards.</summary>
    public static string IndexedJob(ScaleOutPlan plan)
    {
        // $(NAME) in args is expanded by the kubelet from the container's environment, which the Job controller gives
        // JOB_COMPLETION_INDEX for Indexed Jobs.
        string index = "$(" + IndexVariable + ")";
        List<object> args =
        [
            "run", Escaped(plan.ScenarioFile),
            "--shard", index + "/" + plan.Shards.ToString(CultureInfo.InvariantCulture),
            "--out", Escaped(Path.Combine(plan.Directory, ScaleOutPlan.ShardsFolder) + "/") + index,
            "--jobs", plan.CpusPerTask.ToString(CultureInfo.InvariantCulture), "--quiet",
        ];
        foreach (var word in plan.ScenarioArguments) args.Add(Escaped(word));
        var spec = new Dictionary<string, object>
        {
            ["completionMode"] = "Indexed",
            ["completions"] = plan.Shards,
            ["parallelism"] = plan.Throttle,
            ["template"] = PodTemplate(plan, "shard", args, plan.CpusPerTask),
        };
        return Header(plan, $"the {plan.Shards} shards; then, once it completed, kubectl apply -f {MergeJobFileName}") +
               Serialize(Job(plan.KubernetesName, spec));
    }

    /// <summary>The merge Job.</summary>
    public static string MergeJob(ScaleOutPlan plan)
    {
        List<object> args = ["merge"];
        for (int i = 0; i < plan.Shards; i++) args.Add(Escaped(plan.ShardDirectory(i)));
        args.Add("--out");
        args.Add(Escaped(plan.MergedDirectory));
        args.Add("--quiet");
        var spec = new Dictionary<string, object>
        {
            ["completions"] = 1,
            ["template"] = PodTemplate(plan, "merge", args, 1),
        };
        return Header(plan, $"the merge of the shards, after kubectl wait --for=condition=complete job/{plan.KubernetesName}") +
               Serialize(Job(plan.KubernetesName + "-merge", spec));
    }

    private static Dictionary<string, object> Job(string name, Dictionary<string, object> spec) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new Dictionary<string, object>
        {
            ["name"] = name,
            ["labels"] = new Dictionary<string, object> { ["app.kubernetes.io/name"] = "iommusim" },
        },
        ["spec"] = spec,
    };

    private static Dictionary<string, object> PodTemplate(ScaleOutPlan plan, string container, List<object> args, int cpus) => new()
    {
        ["spec"] = new Dictionary<string, object>
        {
            // A failed pod is retried by the Job (backoffLimit), not restarted in place.
            ["restartPolicy"] = "Never",
            ["containers"] = new List<object>
            {
                new Dictionary<string, object>
                {
                    ["name"] = container,
                    ["image"] = plan.Image,
                    ["command"] = new List<object> { ImageCommand },
                    ["args"] = args,
                    ["resources"] = new Dictionary<string, object>
                    {
                        ["requests"] = new Dictionary<string, object> { ["cpu"] = cpus.ToString(CultureInfo.InvariantCulture) },
                    },
                    ["volumeMounts"] = new List<object>
                    {
                        new Dictionary<string, object> { ["name"] = VolumeName, ["mountPath"] = plan.Directory },
                    },
                },
            },
            ["volumes"] = new List<object>
            {
                new Dictionary<string, object>
                {
                    ["name"] = VolumeName,
                    ["persistentVolumeClaim"] = new Dictionary<string, object> { ["claimName"] = plan.VolumeClaim },
                },
            },
        },
    };

    // The kubelet reads $(NAME) as a variable and $$ as a literal $: every $ of ours is doubled.
    private static string Escaped(string word) => word.Replace("$", "$$", StringComparison.Ordinal);

    private static string Header(ScaleOutPlan plan, string what) =>
        $"# {what}.\n# Scenario {plan.ScenarioFile}; the volume claim {plan.VolumeClaim} holds {plan.Directory}.\n"
            .Replace("\r", "", StringComparison.Ordinal);

    // Strings that would read back as numbers, booleans or null are quoted, so the API server gets strings.
    private static string Serialize(object document) =>
        new SerializerBuilder().WithQuotingNecessaryStrings().Build().Serialize(document);
}
