using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;
using IommuSim.Scenarios.Outputs;
using IommuSim.Scenarios.ScaleOut;
using IommuSim.Scenarios.Sharding;

namespace IommuSim.Scenarios.Commands;

/// <summary>
/// <c>iommusim slurm FILE --shards N --out DIR</c>: writes the Slurm job array of a sharded run, its merge job and the
/// script that submits both, and the same as Kubernetes Jobs (<see cref="ScaleOutFiles"/>); with <c>--submit</c> it
/// also submits them. The scenario is loaded and checked first, and every option: bad input exits 2 with nothing
/// written, a missing sbatch under <c>--submit</c> included. A submission sbatch refuses exits 1, the files written.
/// </summary>
internal static partial class SlurmCommand
{
    /// <summary>The Kubernetes volume claim's default name.</summary>
    public const string DefaultVolumeClaim = "iommusim-runs";

    /// <summary>The Kubernetes image's default name: a placeholder for an image with iommusim on its PATH.</summary>
    public const string DefaultImage = "iommusim:latest";

    public static Command Build()
    {
        var input = new ScenarioInput();
        var shards = Positive("--shards", "How many shards to cut the run grid into: one array task (and pod) each; cell k goes to shard k mod N.");
        shards.Required = true;
        var output = new Option<string>("--out", "-o")
        {
            Description = "Directory of the scripts and manifests, and of the jobs' shards/, logs/ and merged/ (the outputs), " +
                          "on a file system every node sees.",
            Required = true,
        };
        var throttle = Positive("--throttle", "At most this many shards run at once (the array's %K, the Job's parallelism; default: all).");
        var cpus = Positive("--cpus-per-task", "CPUs each shard asks for, and the replications it runs in parallel (default: 1).");
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (default: the cluster's default partition)." };
        var time = new Option<string?>("--time") { Description = $"Time limit of each shard's task: {SlurmTimeLimit.Formats} (default: the partition's)." };
        var variants = VariantChoice.Repeatable("Run only this variant (repeatable), as 'run --variant' does; handed on to every shard.");
        var commandLine = new Option<string?>("--command")
        {
            Description = "What starts iommusim on the nodes, as shell text (default: how this iommusim was started, absolute).",
        };
        var image = new Option<string>("--image")
        {
            Description = $"Container image of the Kubernetes Jobs, with iommusim on its PATH (default: {DefaultImage}).",
            DefaultValueFactory = _ => DefaultImage,
        };
        var claim = new Option<string>("--volume-claim")
        {
            Description = $"PersistentVolumeClaim that holds DIR for the Kubernetes Jobs, mounted at DIR's path (default: {DefaultVolumeClaim}).",
            DefaultValueFactory = _ => DefaultVolumeClaim,
        };
        var submit = new Option<bool>("--submit") { Description = "Also submit the array and the merge with sbatch, and print their job ids." };
        var command = new Command("slurm",
            "Write the scripts that run a scenario as N shards on a Slurm cluster and merge them into the outputs a run\n" +
            "on one machine writes: DIR/array.sbatch (a job array, a task per shard), DIR/merge.sbatch (the merge, to run\n" +
            "after every shard succeeded), DIR/submit.sh (submits both), and the same as Kubernetes Jobs:\n" +
            "DIR/indexed-job.yaml (an Indexed Job) and DIR/merge-job.yaml. --submit also submits them (sbatch on PATH).\n" +
            "The merged outputs are in DIR/merged; see docs/scale-out.md for rerunning a failed shard.\n" +
            "Example: iommusim slurm scenarios/iotlb-sizing-sweep.yaml --shards 16 --throttle 8 --out /scratch/sweep --submit")
        {
            shards, output, throttle, cpus, partition, time, variants, commandLine, image, claim, submit,
        };
        input.AddTo(command);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var outcome = input.Load(parse);
            if (!outcome.Ok) return ScenarioInput.Reject(stderr, outcome.Problems);
            string[] chosenNames = parse.GetValue(variants) ?? [];
            var chosen = VariantChoice.Only(outcome.Scenario!, chosenNames);
            if (!chosen.Ok) return ScenarioInput.Reject(stderr, chosen.Problems);
            var scenario = chosen.Scenario!;
            int n = parse.GetValue(shards);
            var problems = new List<ScenarioProblem>();
            if (n > ShardIndex.MaxCount)
                problems.Add(Problem(string.Create(CultureInfo.InvariantCulture, $"--shards {n}"), $"expected 1 to {ShardIndex.MaxCount:N0} shards (as run --shard takes them)"));
            string? timeLimit = parse.GetValue(time);
            if (timeLimit is not null && !SlurmTimeLimit.IsValid(timeLimit))
                problems.Add(Problem("--time " + Excerpt.Of(timeLimit), $"not a Slurm time limit; expected {SlurmTimeLimit.Formats}"));
            string? partitionName = parse.GetValue(partition);
            if (partitionName is not null && !PartitionPattern().IsMatch(partitionName))
                problems.Add(Problem("--partition " + Excerpt.Of(partitionName), "expected a partition name (letters, digits, '_', '-', '.'), or several separated by commas"));
            string imageName = parse.GetValue(image)!;
            if (imageName.Length == 0 || imageName.Any(char.IsWhiteSpace))
                problems.Add(Problem("--image " + Excerpt.Of(imageName), "expected a container image reference, e.g. registry.example.org/iommusim:1.0"));
            string claimName = parse.GetValue(claim)!;
            if (!ClaimPattern().IsMatch(claimName) || claimName.Length > 253)
                problems.Add(Problem("--volume-claim " + Excerpt.Of(claimName), "expected a Kubernetes object name (lower-case letters, digits, '-' and '.', starting and ending alphanumeric)"));
            string? given = parse.GetValue(commandLine);
            if (given is not null && (given.Trim().Length == 0 || given.IndexOfAny(['\n', '\r']) >= 0))
                problems.Add(Problem("--command", "expected a command on one line, e.g. \"/opt/iommusim/iommusim\""));
            string directory = parse.GetValue(output)!;
            string? full = DirectoryProblem(directory, problems);
            string file = Path.GetFullPath(parse.GetValue(input.File)!);
            if (file.IndexOfAny(['\n', '\r']) >= 0) problems.Add(Problem(Excerpt.OfPath(file), "a scenario path with a line break cannot go into a script; expected another path"));
            string? sbatch = null;
            if (parse.GetValue(submit) && (sbatch = SbatchSubmission.Find()) is null)
                problems.Add(Problem("--submit", $"{SbatchSubmission.Program} is not on PATH (is this a Slurm submission host?); write the scripts without --submit and submit DIR/{SlurmSubmitScript.FileName} where Slurm is"));
            if (problems.Count > 0) return ScenarioInput.Reject(stderr, problems);

            int cells = scenario.TotalReplications;
            if (n > cells)
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"warning: --shards {n} is more than the {cells} cells (variant x replication) of the run: {n - cells} shard{(n - cells == 1 ? "" : "s")} will have none to run"));
            if (n > MaxArraySize)
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"warning: --shards {n}: Slurm's default MaxArraySize ({MaxArraySize}) allows array indices up to {MaxArraySize - 1}; check the cluster's (scontrol show config)"));

            var plan = new ScaleOutPlan(
                ScenarioFile: file,
                ScenarioName: scenario.Variants[0].Spec.Name,
                Directory: full!,
                Shards: n,
                Throttle: parse.GetResult(throttle) is null ? n : parse.GetValue(throttle),
                CpusPerTask: parse.GetResult(cpus) is null ? 1 : parse.GetValue(cpus),
                Partition: partitionName,
                TimeLimit: timeLimit,
                ScenarioArguments: ScenarioArguments(parse, input, chosenNames),
                CommandLine: given ?? ShellWord.Join(ToolCommandLine.Current()),
                Image: imageName,
                VolumeClaim: claimName);
            try
            {
                ScaleOutFiles.Write(plan);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"--out {Excerpt.OfPath(directory)}: error: the scripts could not be written ({IoReason.Of(e)})");
                return ExitCodes.InternalError;
            }
            foreach (var name in ScaleOutFiles.FileNames) stdout.WriteLine($"wrote {Path.Combine(plan.Directory, name)}");
            if (sbatch is null)
            {
                stdout.WriteLine($"submit with: sh {ShellWord.Quote(Path.Combine(plan.Directory, SlurmSubmitScript.FileName))}");
                return ExitCodes.Ok;
            }
            var submitted = SbatchSubmission.Submit(sbatch, plan.Directory);
            if (submitted.ArrayJob is not null) stdout.WriteLine($"array job {submitted.ArrayJob}");
            if (submitted.MergeJob is not null) stdout.WriteLine($"merge job {submitted.MergeJob}");
            if (submitted.Problem is null) return ExitCodes.Ok;
            stderr.WriteLine(Excerpt.Of($"error: submitting {submitted.Problem}", ScenarioInput.MaxLineLength));
            if (submitted.ArrayJob is not null)
                stderr.WriteLine($"the array job {submitted.ArrayJob} was submitted: scancel {submitted.ArrayJob}, or submit {SlurmMergeScript.FileName} after it yourself");
            return ExitCodes.InternalError;
        });
        return command;
    }

    /// <summary>Slurm's default MaxArraySize (slurm.conf(5)): array indices go from 0 to one less.</summary>
    private const int MaxArraySize = 1001;

    private static Option<int> Positive(string name, string description)
    {
        var option = new Option<int>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, out int v) && v < 1) r.AddError($"{name} must be at least 1");
        });
        return option;
    }

    // The shards run the scenario as this command loaded it: the same --set, --seed and --variant words, in order.
    private static List<string> ScenarioArguments(ParseResult parse, ScenarioInput input, string[] variants)
    {
        var words = new List<string>();
        foreach (var set in parse.GetValue(input.Set) ?? []) words.AddRange(["--set", set]);
        if (parse.GetValue(input.Seed) is { } seed) words.AddRange(["--seed", seed.ToString(CultureInfo.InvariantCulture)]);
        foreach (var v in variants) words.AddRange([VariantChoice.OptionName, v]);
        return words;
    }

    // The directory, absolute, or null with a problem added: it is written into #SBATCH lines, and made here.
    private static string? DirectoryProblem(string directory, List<ScenarioProblem> problems)
    {
        string where = "--out " + (directory.Length == 0 ? "\"\"" : Excerpt.OfPath(directory));
        if (directory.Length == 0) { problems.Add(Problem(where, "the path is empty; expected a directory for the scripts")); return null; }
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            problems.Add(Problem(where, $"this is not a valid path ({e.Message.TrimEnd('.')}); expected a directory for the scripts"));
            return null;
        }
        if (!SbatchDirective.CanCarry(full))
            problems.Add(Problem(where, $"the path holds {SbatchDirective.Unsupported}, which an #SBATCH line cannot carry; expected another directory"));
        else if (File.Exists(full))
            problems.Add(Problem(where, "this is an existing file; expected a directory (new or existing) for the scripts"));
        return full;
    }

    private static ScenarioProblem Problem(string where, string message) => new(SourceLocation.Whole(where), message);

    [GeneratedRegex("^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PartitionPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ClaimPattern();
}
