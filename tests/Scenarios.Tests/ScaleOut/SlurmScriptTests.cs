using YamlDotNet.RepresentationModel;

namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>
/// <c>iommusim slurm</c> writes the scripts and manifests of a sharded run: the #SBATCH lines and the commands are
/// the ones written out here by hand for a small case (4 shards, 2 at once, a partition, a time limit, 3 CPUs, a
/// <c>--set</c> with a space, paths with spaces), and bash and YamlDotNet read them back as meant.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SlurmScriptTests : IDisposable
{
    private const string Command = "/opt/iommusim/iommusim";
    private readonly TempDirectory _temp = new();
    private readonly string _scenario;
    private readonly string _out;

    public SlurmScriptTests()
    {
        Directory.CreateDirectory(_temp["my scenarios"]);
        _scenario = Path.Combine(_temp["my scenarios"], "quick start.yaml");
        File.Copy(RepositoryFiles.Quickstart, _scenario);
        _out = _temp["out dir"];
    }

    public void Dispose() => _temp.Dispose();

    private (int Exit, string Out, string Err) Slurm(params string[] more) =>
        CliRunner.Run(["slurm", _scenario, "--shards", "4", "--throttle", "2", "--out", _out, "--partition", "debug", "--time", "1-00:30:00",
            "--cpus-per-task", "3", "--set", "description=a b", "--seed", "7", "--command", Command, .. more]);

    private string Read(string name) => File.ReadAllText(Path.Combine(_out, name));

    private static string[] Lines(string text) => text.Split('\n');

    [Fact]
    public void Array_script_has_the_directives_and_the_task_command_written_by_hand()
    {
        var (exit, _, err) = Slurm();
        Assert.True(exit == 0, err);
        var lines = Lines(Read("array.sbatch"));
        Assert.Equal("#!/bin/bash", lines[0]);
        Assert.Equal(
        [
            "#SBATCH --job-name=iommusim-quickstart",
            "#SBATCH --array=0-3%2",
            $"#SBATCH --output=\"{_out}/logs/shard-%a.out\"",
            "#SBATCH --cpus-per-task=3",
            "#SBATCH --partition=debug",
            "#SBATCH --time=1-00:30:00",
        ], lines.Where(l => l.StartsWith("#SBATCH", StringComparison.Ordinal)));
        // sbatch reads #SBATCH lines only up to the first command.
        int firstCommand = Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));
        Assert.True(lines.Take(firstCommand).Count(l => l.StartsWith("#SBATCH", StringComparison.Ordinal)) == 6);
        Assert.Equal(
            $"exec {Command} run '{_scenario}' --shard \"${{SLURM_ARRAY_TASK_ID}}\"/4 --out '{_out}/shards/'\"${{SLURM_ARRAY_TASK_ID}}\" " +
            "--jobs 3 --quiet --set 'description=a b' --seed 7",
            lines.Single(l => l.StartsWith("exec ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Task_command_gives_the_tool_the_words_of_its_shard()
    {
        Assert.Equal(0, Slurm().Exit);
        string line = Lines(Read("array.sbatch")).Single(l => l.StartsWith("exec ", StringComparison.Ordinal))["exec ".Length..];
        Assert.Equal(
            [Command, "run", _scenario, "--shard", "2/4", "--out", $"{_out}/shards/2", "--jobs", "3", "--quiet", "--set", "description=a b", "--seed", "7"],
            Bash.Words(line, ("SLURM_ARRAY_TASK_ID", "2")));
    }

    [Fact]
    public void Merge_script_merges_every_shard_into_merged()
    {
        Assert.Equal(0, Slurm().Exit);
        var lines = Lines(Read("merge.sbatch"));
        Assert.Equal(
        [
            "#SBATCH --job-name=iommusim-quickstart-merge",
            $"#SBATCH --output=\"{_out}/logs/merge.out\"",
            "#SBATCH --cpus-per-task=1",
            "#SBATCH --partition=debug",
            "#SBATCH --time=1-00:30:00",
        ], lines.Where(l => l.StartsWith("#SBATCH", StringComparison.Ordinal)));
        string line = lines.Single(l => l.StartsWith("exec ", StringComparison.Ordinal))["exec ".Length..];
        Assert.Equal(
            [Command, "merge", $"{_out}/shards/0", $"{_out}/shards/1", $"{_out}/shards/2", $"{_out}/shards/3", "--out", $"{_out}/merged", "--quiet"],
            Bash.Words(line));
    }

    [Fact]
    public void Submit_script_submits_the_merge_after_the_array_and_says_how_to_rerun_a_shard()
    {
        Assert.Equal(0, Slurm().Exit);
        string text = Read("submit.sh");
        Assert.Contains("sbatch --parsable array.sbatch", text, StringComparison.Ordinal);
        Assert.Contains("sbatch --parsable --dependency=afterok:\"$array\" merge.sbatch", text, StringComparison.Ordinal);
        Assert.Contains("#   rerun=$(sbatch --parsable --array=I array.sbatch)", text, StringComparison.Ordinal);
        Assert.Contains("#   sbatch --parsable --dependency=afterok:${rerun%%;*} merge.sbatch", text, StringComparison.Ordinal);
        Assert.True(File.GetUnixFileMode(Path.Combine(_out, "submit.sh")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void Submit_script_runs_sbatch_twice_with_the_array_id_as_dependency()
    {
        Assert.Equal(0, Slurm().Exit);
        // A stand-in sbatch that notes its arguments and working directory and answers as --parsable does.
        string bin = _temp["bin"];
        Directory.CreateDirectory(bin);
        string log = _temp["sbatch.log"];
        File.WriteAllText(Path.Combine(bin, "sbatch"),
            $"#!/bin/sh\necho \"$(pwd) $*\" >> '{log}'\ncase \"$*\" in *merge*) echo '42;cluster' ;; *) echo '41;cluster' ;; esac\n");
        File.SetUnixFileMode(Path.Combine(bin, "sbatch"), (UnixFileMode)0b111_101_101);
        var (exit, output, error) = Bash.Run($"sh '{_out}/submit.sh'", ("PATH", bin + ":" + Environment.GetEnvironmentVariable("PATH")));
        Assert.True(exit == 0, error);
        Assert.Equal("array job 41\nmerge job 42\n", output);
        Assert.Equal([$"{_out} --parsable array.sbatch", $"{_out} --parsable --dependency=afterok:41 merge.sbatch"], File.ReadAllLines(log));
    }

    [Fact]
    public void Indexed_job_runs_the_shard_of_its_completion_index()
    {
        Assert.Equal(0, Slurm("--image", "registry.example.org/iommusim:1.0", "--volume-claim", "sweeps").Exit);
        var job = Document("indexed-job.yaml");
        Assert.Equal("batch/v1", Scalar(job, "apiVersion"));
        Assert.Equal("Job", Scalar(job, "kind"));
        var spec = Map(job, "spec");
        Assert.Equal("Indexed", Scalar(spec, "completionMode"));
        Assert.Equal("4", Scalar(spec, "completions"));
        Assert.Equal("2", Scalar(spec, "parallelism"));
        var pod = Map(Map(spec, "template"), "spec");
        Assert.Equal("Never", Scalar(pod, "restartPolicy"));
        var container = (YamlMappingNode)Sequence(pod, "containers").Single();
        Assert.Equal("registry.example.org/iommusim:1.0", Scalar(container, "image"));
        Assert.Equal(["iommusim"], Sequence(container, "command").Select(n => ((YamlScalarNode)n).Value));
        var args = Sequence(container, "args").Cast<YamlScalarNode>().ToList();
        Assert.Equal(
            ["run", _scenario, "--shard", "$(JOB_COMPLETION_INDEX)/4", "--out", $"{_out}/shards/$(JOB_COMPLETION_INDEX)", "--jobs", "3", "--quiet",
             "--set", "description=a b", "--seed", "7"],
            args.Select(a => a.Value));
        // Kubernetes wants strings: numbers among the args must be quoted, not plain scalars that read as integers.
        Assert.All(args.Where(a => a.Value is "3" or "7"), a => Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, a.Style));
        AssertVolume(pod, container, "sweeps");
    }

    [Fact]
    public void Merge_job_merges_every_shard()
    {
        Assert.Equal(0, Slurm().Exit);
        var job = Document("merge-job.yaml");
        Assert.Equal("Job", Scalar(job, "kind"));
        Assert.Equal("iommusim-quickstart-merge", Scalar(Map(job, "metadata"), "name"));
        var pod = Map(Map(Map(job, "spec"), "template"), "spec");
        var container = (YamlMappingNode)Sequence(pod, "containers").Single();
        Assert.Equal(
            ["merge", $"{_out}/shards/0", $"{_out}/shards/1", $"{_out}/shards/2", $"{_out}/shards/3", "--out", $"{_out}/merged", "--quiet"],
            Sequence(container, "args").Select(n => ((YamlScalarNode)n).Value));
        AssertVolume(pod, container, "iommusim-runs");
    }

    [Fact]
    public void A_dollar_stays_literal_in_the_script_and_the_manifest()
    {
        var (exit, _, err) = CliRunner.Run("slurm", _scenario, "--shards", "2", "--out", _out, "--command", Command, "--set", "description=$HOME costs $(x)");
        Assert.True(exit == 0, err);
        string line = Lines(Read("array.sbatch")).Single(l => l.StartsWith("exec ", StringComparison.Ordinal))["exec ".Length..];
        Assert.Equal("description=$HOME costs $(x)", Bash.Words(line, ("SLURM_ARRAY_TASK_ID", "0"))[^1]);
        // The kubelet expands $(NAME) and reads $$ as $.
        var args = Sequence((YamlMappingNode)Sequence(Map(Map(Map(Document("indexed-job.yaml"), "spec"), "template"), "spec"), "containers").Single(), "args");
        Assert.Equal("description=$$HOME costs $$(x)", ((YamlScalarNode)args.Last()).Value);
    }

    [Fact]
    public void Without_throttle_every_shard_may_run_at_once_on_one_cpu()
    {
        var (exit, output, err) = CliRunner.Run("slurm", _scenario, "--shards", "5", "--out", _out, "--command", Command);
        Assert.True(exit == 0, err);
        var lines = Lines(Read("array.sbatch"));
        Assert.Contains("#SBATCH --array=0-4%5", lines);
        Assert.Contains("#SBATCH --cpus-per-task=1", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("#SBATCH --partition", StringComparison.Ordinal) || l.StartsWith("#SBATCH --time", StringComparison.Ordinal));
        Assert.Equal("5", Scalar(Map(Document("indexed-job.yaml"), "spec"), "parallelism"));
        Assert.Contains($"submit with: sh '{_out}/submit.sh'", output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(_out, "logs")), "sbatch does not make the directory of --output");
    }

    [Fact]
    public void Variants_are_handed_on_to_every_shard()
    {
        var (exit, _, err) = CliRunner.Run("slurm", _scenario, "--shards", "2", "--out", _out, "--command", Command, "--variant", "hugepages", "--variant", "base");
        Assert.True(exit == 0, err);
        Assert.EndsWith("--quiet --variant hugepages --variant base", Lines(Read("array.sbatch")).Single(l => l.StartsWith("exec ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private void AssertVolume(YamlMappingNode pod, YamlMappingNode container, string claim)
    {
        var mount = (YamlMappingNode)Sequence(container, "volumeMounts").Single();
        var volume = (YamlMappingNode)Sequence(pod, "volumes").Single();
        Assert.Equal(Scalar(mount, "name"), Scalar(volume, "name"));
        Assert.Equal(_out, Scalar(mount, "mountPath"));
        Assert.Equal(claim, Scalar(Map(volume, "persistentVolumeClaim"), "claimName"));
    }

    private YamlMappingNode Document(string name)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Read(name)));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static YamlSequenceNode Sequence(YamlMappingNode node, string key) => (YamlSequenceNode)node[key];

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value;
}
