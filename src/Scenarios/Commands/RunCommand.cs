using System.CommandLine;
using IommuSim.Model;
using IommuSim.Parameters;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;
using IommuSim.Scenarios.Outputs;
using IommuSim.Scenarios.Running;
using IommuSim.Scenarios.Sharding;
using IommuSim.Scenarios.Tracing;

namespace IommuSim.Scenarios.Commands;

/// <summary>
/// <c>iommusim run FILE</c>: every replication of every variant (or of those <c>--variant</c> names), on a
/// worker per core, then the outputs (all or nothing) and a summary. Input problems, an <c>--out</c> that cannot
/// be written among them, exit 2 before anything is run or written; Ctrl+C or SIGTERM stops the run and writes
/// nothing.
/// </summary>
internal static class RunCommand
{
    public static Command Build(CliEnvironment environment)
    {
        var input = new ScenarioInput();
        var output = new Option<string?>("--out", "-o") { Description = "Output directory (default: out/<scenario file name without extension>)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress bar and no summary table." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON instead of a table." };
        var wide = new Option<bool>("--wide") { Description = "Print every figure (a wider table) instead of the few that fit 100 columns." };
        var force = new Option<bool>("--force")
        {
            Description = $"Run even when the scenario asks for more than {WorkEstimate.Budget:N0} units of work (DMAs plus translations; " +
                          "validate states the estimate).",
        };
        var variants = VariantChoice.Repeatable(
            "Run only this variant (repeatable; a name as in the outputs' variant column). The outputs, summary and " +
            "scenario.resolved.yaml then hold only the variants named, in scenario order.");
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Replications run in parallel (default: one per core). Outputs do not depend on it.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        jobs.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, out int n) && n < 1) r.AddError("--jobs must be at least 1");
        });
        var png = new Option<bool>("--png")
        {
            Description = "Also draw the report's charts as PNG images (ScottPlot) into charts/<chart>.png, for papers and slides.",
        };
        var traceOn = new Option<bool>("--trace")
        {
            Description = "Also trace replication 0 of every variant (as iommusim trace does) into trace.txt / trace.dat, " +
                          "or trace-<variant>.txt / .dat for several variants, beside the CSVs; --format, --events, --limit, " +
                          "--kernel, --dat-version and --compression say what and how.",
        };
        var shardOption = new Option<string?>("--shard")
        {
            HelpName = "I/N",
            Description = "Run only shard I (from 0) of N of the run grid (cell k, the k-th variant and replication in output order, is shard " +
                          "k mod N's) and write its results and a manifest into --out, for iommusim merge (docs/scale-out.md).",
        };
        var trace = new TraceOptions();
        var command = new Command("run",
            "Run every variant and replication of a scenario, or only the variants named with --variant; write\n" +
            "summary.csv, sweep.csv, latency.csv, histogram.csv, devices.csv, figures.csv, cpu.csv, iommu.csv and\n" +
            "scenario.resolved.yaml, " +
            "then print a summary (--wide: every figure).\n" +
            "--set applies to every variant after the variant's own changes; where it overrides a value a variant or\n" +
            "its sweep point sets (the same path, or one above or below it), the run uses the --set value and warns\n" +
            "on stderr, for each such variant, that the rows labelled with that variant's name ran with it.\n" +
            "Example: iommusim run scenarios/quickstart.yaml --out out/quick --set devices.0.rate=25Gbps --seed 7")
        {
            output, quiet, json, wide, force, variants, jobs, traceOn, png, shardOption,
        };
        input.AddTo(command);
        trace.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var signals = new TerminationSignals(cancellationToken);
            var interrupted = signals.Token;
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            ShardIndex? shard = null;
            if (parse.GetValue(shardOption) is { } shardText)
            {
                shard = ShardIndex.Parse(shardText, out string? shardProblem);
                if (shard is null) return ScenarioInput.Reject(stderr, [new ScenarioProblem(SourceLocation.Whole("--shard " + Excerpt.Of(shardText)), shardProblem!)]);
                if (parse.GetValue(traceOn) || parse.GetValue(png) || parse.GetValue(json))
                    return ScenarioInput.Reject(stderr, [new ScenarioProblem(SourceLocation.Whole("--shard " + shardText),
                        "a shard writes no CSVs, report or traces; expected --shard without --trace, --png or --json (iommusim trace traces a variant on its own)")]);
            }
            // A shard keeps the text it ran, for merge to load the very same scenario.
            string? scenarioText = null;
            var outcome = shard is null ? input.Load(parse) : LoadForShard(input, parse, out scenarioText);
            if (!outcome.Ok) return ScenarioInput.Reject(stderr, outcome.Problems);
            var chosen = VariantChoice.Only(outcome.Scenario!, parse.GetValue(variants) ?? []);
            if (!chosen.Ok) return ScenarioInput.Reject(stderr, chosen.Problems);
            // From here on the scenario is the chosen variants: they are what runs, what the outputs and the
            // summary hold, and what scenario.resolved.yaml reruns.
            var scenario = chosen.Scenario!;
            var (traceSettings, traceProblems) = trace.Read(parse);
            if (traceSettings is null)
                return ScenarioInput.Reject(stderr, traceProblems.Select(p => new ScenarioProblem(SourceLocation.Whole("--trace"), p)));
            if (!parse.GetValue(traceOn) && trace.AnyGiven(parse))
                return ScenarioInput.Reject(stderr, [new ScenarioProblem(SourceLocation.Whole("--trace"), "the trace options need --trace")]);
            using var traces = parse.GetValue(traceOn) ? new RunTraces(scenario, traceSettings) : null;
            if (shard is { } part)
                return RunShard(environment, scenario, part, new ShardScenario(parse.GetValue(input.File)!, scenarioText!, parse.GetValue(input.Set) ?? [],
                    parse.GetValue(input.Seed), [.. (parse.GetValue(variants) ?? []).Distinct(StringComparer.Ordinal)]),
                    parse.GetValue(output), parse.GetValue(jobs), parse.GetValue(force), parse.GetValue(quiet), stdout, stderr, signals);
            string directory = parse.GetValue(output) ?? DefaultOutputDirectory(scenario.Source);
            // Before the run, so that a run of hours does not end in an error its start could have told.
            var location = OutputLocation.Check(directory, RunOutputs.FileNames);
            if (location.Problem is not null)
                return ScenarioInput.Reject(stderr, [new ScenarioProblem(SourceLocation.Whole(OutOption(directory)), location.Problem)]);
            bool isQuiet = parse.GetValue(quiet), isJson = parse.GetValue(json);
            // A mistyped duration or rate must not start a run of days.
            var estimate = ScenarioWork.Of(scenario);
            if (estimate.IsBeyondBudget && !parse.GetValue(force)) return ScenarioInput.Reject(stderr, [ScenarioWork.TooMuch(scenario, estimate)]);
            // Said before the run rather than after it, so that a long run whose labels are wrong can be stopped.
            var setWarnings = RunWarnings.OfVariants(scenario);
            foreach (var w in setWarnings) stderr.WriteLine("warning: " + Excerpt.Of(w, ScenarioInput.MaxLineLength));

            var runJobs = RunJob.For(scenario);
            var progress = new BatchProgress(runJobs);
            var terminal = environment.StderrIsTerminal && environment.StdoutIsTerminal && !isQuiet && !isJson
                ? CliEnvironment.ConsoleFor(Console.Error, terminal: true)
                : null;
            RunResult[] results;
            var distributions = new RunDistributions();
            try
            {
                var runner = traces is null ? environment.Runner : traces.Wrap(environment.Runner, environment.TracedRunner);
                var work = Task.Run(() => BatchRunner.Run(runJobs, runner, parse.GetValue(jobs), progress, distributions, interrupted), interrupted);
                // Not waiting for the workers to notice: the model looks at the token only between its steps, a
                // hundredth of a replication apart, and nothing they still compute is written.
                results = await ProgressDisplay.Await(work.WaitAsync(interrupted), progress, terminal);
            }
            catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
            {
                return Cancelled(stderr, signals);
            }
            catch (ScenarioSetupException e)
            {
                // Binds and validates, but cannot be set up as written: the user's to fix, so exit 2.
                stderr.WriteLine(Excerpt.Of($"{scenario.LocationOf(e.Key)}: error: {e.Message}; nothing was written", ScenarioInput.MaxLineLength));
                return ExitCodes.InputError;
            }
            CheckMatches(runJobs, results);
            // The model's, and whether the figures can be trusted: run length, warm-up, overloaded stages, wide intervals.
            var modelWarnings = RunWarnings.OfResults(results);

            try
            {
                RunOutputs.Write(location.Directory!, scenario, results, distributions, ToolVersion.Current, interrupted, extraFiles: traces?.Files,
                    warnings: [.. setWarnings, .. modelWarnings], png: parse.GetValue(png));
            }
            catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
            {
                return Cancelled(stderr, signals);
            }
            catch (Exception e) when (OutputFailure.Is(e))
            {
                stderr.WriteLine(OutputFailure.Message(e, OutOption(directory), "outputs"));
                return ExitCodes.InternalError;
            }
            foreach (var w in modelWarnings) stderr.WriteLine("warning: " + Excerpt.Of(w, ScenarioInput.MaxLineLength));
            List<string> warnings = [.. setWarnings, .. modelWarnings];
            var summaries = VariantSummary.Of(results, distributions);
            string name = scenario.Variants[0].Spec.Name;
            IReadOnlyList<string> written = [.. RunOutputs.FileNames, .. traces?.FileNames ?? []];
            if (isJson) stdout.WriteLine(JsonSummary.Generate(name, scenario.Source, directory, written, summaries, warnings));
            else if (!isQuiet)
                SummaryTable.Write(CliEnvironment.ConsoleFor(stdout, environment.StdoutIsTerminal), name, summaries, directory, parse.GetValue(wide));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static LoadOutcome LoadForShard(ScenarioInput input, ParseResult parse, out string? text)
    {
        string file = parse.GetValue(input.File)!;
        text = ScenarioFile.Read(file, out string? problem);
        if (text is null) return new LoadOutcome(null, [new ScenarioProblem(SourceLocation.Whole(file.Length == 0 ? "\"\"" : file), problem!)]);
        return ScenarioLoader.LoadText(text, file, parse.GetValue(input.Set) ?? [], parse.GetValue(input.Seed));
    }

    // run --shard: the shard's cells only, written whole with a manifest (Sharding/ShardRun), no CSVs and no summary.
    private static int RunShard(CliEnvironment environment, LoadedScenario scenario, ShardIndex shard, ShardScenario identity,
        string? output, int workers, bool force, bool quiet, TextWriter stdout, TextWriter stderr, TerminationSignals signals)
    {
        string directory = output ?? Path.Combine(DefaultOutputDirectory(scenario.Source), "shards", shard.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var location = OutputLocation.Check(directory, ShardOutputs.FileNames);
        if (location.Problem is not null)
            return ScenarioInput.Reject(stderr, [new ScenarioProblem(SourceLocation.Whole(OutOption(directory)), location.Problem)]);
        // The single run's budget: a sweep too large for one machine is split because it is large, not to pass the check.
        var estimate = ScenarioWork.Of(scenario);
        if (estimate.IsBeyondBudget && !force) return ScenarioInput.Reject(stderr, [ScenarioWork.TooMuch(scenario, estimate)]);
        foreach (var w in RunWarnings.OfVariants(scenario)) stderr.WriteLine("warning: " + Excerpt.Of(w, ScenarioInput.MaxLineLength));
        try
        {
            ShardRun.Run(scenario, identity, shard, location.Directory!, environment.Runner, workers, ToolVersion.Current, signals.Token);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            return Cancelled(stderr, signals);
        }
        catch (ScenarioSetupException e)
        {
            stderr.WriteLine(Excerpt.Of($"{scenario.LocationOf(e.Key)}: error: {e.Message}; nothing was written", ScenarioInput.MaxLineLength));
            return ExitCodes.InputError;
        }
        catch (Exception e) when (OutputFailure.Is(e))
        {
            stderr.WriteLine(OutputFailure.Message(e, OutOption(directory), "shard"));
            return ExitCodes.InternalError;
        }
        if (!quiet) stdout.WriteLine(ShardRun.Done(shard, ShardRun.Jobs(scenario, shard).Count, scenario.TotalReplications, directory));
        return ExitCodes.Ok;
    }

    private static int Cancelled(TextWriter stderr, TerminationSignals signals)
    {
        stderr.WriteLine("cancelled; nothing was written");
        return signals.ExitCode;
    }

    // The option as the user gave it: an empty value shows as "", not as nothing; a path of thousands of characters by its ends.
    private static string OutOption(string directory) => "--out " + (directory.Length == 0 ? "\"\"" : Excerpt.OfPath(directory));

    /// <summary><c>out/NAME</c> for scenario file <c>.../NAME.yaml</c>, relative to the working directory.</summary>
    internal static string DefaultOutputDirectory(string scenarioFile) =>
        Path.Combine("out", Path.GetFileNameWithoutExtension(scenarioFile));

    /// <summary>The outputs label rows with the runner's names: they must be the ones asked for.</summary>
    private static void CheckMatches(IReadOnlyList<RunJob> jobs, RunResult[] results)
    {
        for (int i = 0; i < jobs.Count; i++)
            if (results[i].Variant != jobs[i].Variant.Name || results[i].Replication != jobs[i].Replication)
                throw new InvalidOperationException(
                    $"the runner returned variant '{results[i].Variant}' replication {results[i].Replication} for variant '{jobs[i].Variant.Name}' replication {jobs[i].Replication}");
    }
}
