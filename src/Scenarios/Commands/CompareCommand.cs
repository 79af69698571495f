using IommuSim.Scenarios.Outputs;
using IommuSim.Reporting;
using System.CommandLine;
using IommuSim.Model;
using IommuSim.Parameters;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;
using IommuSim.Scenarios.Running;

namespace IommuSim.Scenarios.Commands;

/// <summary>
/// <c>iommusim compare A.yaml [B.yaml ...]</c>: runs every variant of every file as <c>run</c> does (the same loading,
/// checks and workers), then prints each key figure per variant with its change relative to a baseline and whether
/// the difference is significant over the replications (Welch's t-test at 5%). Writes no files. Input problems,
/// an unknown <c>--baseline</c> among them, exit 2 before anything runs.
/// </summary>
internal static class CompareCommand
{
    public static Command Build(CliEnvironment environment)
    {
        var files = new Argument<string[]>("FILE") { Description = "Scenario files (YAML, or JSON); every variant of each is run.", Arity = ArgumentArity.OneOrMore };
        var input = new ScenarioInput();
        var baseline = new Option<string?>("--baseline")
        {
            HelpName = "NAME",
            Description = "The variant the others are compared with (default: the first variant of the first file); " +
                          "named file:variant when several files are compared, the file by its name without extension.",
        };
        var json = new Option<bool>("--json") { Description = "Print the comparison as JSON instead of a table." };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Replications run in parallel (default: one per core). The comparison does not depend on it.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        jobs.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, out int n) && n < 1) r.AddError("--jobs must be at least 1");
        });
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Directory for report.html, the comparison's charts (default: out/compare).",
        };
        var force = new Option<bool>("--force") { Description = $"Run even when the files ask for more than {WorkEstimate.Budget:N0} units of work." };
        var command = new Command("compare",
            "Run every variant of one or more scenario files and compare them with a baseline: each key figure\n" +
            "(achieved Gbps, mean and p99 latency, IOTLB hit rate, busiest CPU) as mean ± 95% half-width, its change\n" +
            "relative to the baseline and whether the difference is significant (Welch's t-test over the replications,\n" +
            "two-sided, 5%; n/a with one replication). Writes report.html (every variant's charts) into --out;\n" +
            "--set and --seed apply to every file.\n" +
            "Example: iommusim compare scenarios/strict-vs-lazy.yaml --baseline base/devices.nic0.rate=5Gbps")
        {
            files, baseline, json, jobs, force, output,
        };
        command.Options.Add(input.Set);
        command.Options.Add(input.Seed);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var signals = new TerminationSignals(cancellationToken);
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var paths = parse.GetValue(files) ?? [];
            var sets = parse.GetValue(input.Set) ?? [];
            var seed = parse.GetValue(input.Seed);

            var scenarios = new List<LoadedScenario>();
            var problems = new List<ScenarioProblem>();
            foreach (var path in paths)
            {
                var outcome = ScenarioLoader.LoadFile(path, sets, seed);
                problems.AddRange(outcome.Problems);
                if (outcome.Ok) scenarios.Add(outcome.Scenario!);
            }
            if (problems.Count > 0) return ScenarioInput.Reject(stderr, problems);
            var labels = Labels(scenarios);
            if (labels.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1) is { } twice)
                return ScenarioInput.Reject(stderr, [new ScenarioProblem(SourceLocation.Whole(twice.Key),
                    $"the variant '{Excerpt.Of(twice.Key)}' is compared twice (a file given twice?); expected each file once")]);
            string chosen = parse.GetValue(baseline) ?? labels[0];
            int baseIndex = labels.IndexOf(chosen);
            if (baseIndex < 0)
                return ScenarioInput.Reject(stderr, [new ScenarioProblem(SourceLocation.Whole("--baseline " + Excerpt.Of(chosen)),
                    $"no variant '{Excerpt.Of(chosen)}'{DidYouMean.Hint(chosen, labels)}; expected one of: {string.Join(", ", labels.Take(20))}" +
                    (labels.Count > 20 ? $" and {labels.Count - 20:N0} more" : ""))]);
            string directory = parse.GetValue(output) ?? Path.Combine("out", "compare");
            var location = OutputLocation.Check(directory, [ReportFile.FileName]);
            if (location.Problem is not null)
                return ScenarioInput.Reject(stderr, [new ScenarioProblem(SourceLocation.Whole("--out " + Excerpt.OfPath(directory)), location.Problem)]);
            var estimate = scenarios.Aggregate(default(WorkEstimate), (sum, s) => sum + ScenarioWork.Of(s));
            if (estimate.IsBeyondBudget && !parse.GetValue(force))
                return ScenarioInput.Reject(stderr, [ScenarioWork.TooMuch(scenarios[0] with { Source = string.Join(", ", paths) }, estimate)]);
            // Said before the run, as run does, so that a long comparison whose labels are wrong can be stopped.
            var setWarnings = scenarios.SelectMany(s => s.Variants).SelectMany((v, i) => v.Warnings.Select(w => $"{labels[i]}: {w}")).ToList();
            foreach (var w in setWarnings) stderr.WriteLine("warning: " + Excerpt.Of(w, ScenarioInput.MaxLineLength));

            var runs = new List<IReadOnlyList<RunResult>>();
            var distributions = new List<RunDistributions>();
            var modelWarnings = new List<string>();
            var terminal = environment.StderrIsTerminal && environment.StdoutIsTerminal && !parse.GetValue(json)
                ? CliEnvironment.ConsoleFor(Console.Error, terminal: true)
                : null;
            foreach (var scenario in scenarios)
            {
                RunResult[] results;
                var merged = new RunDistributions();
                distributions.Add(merged);
                try
                {
                    var runJobs = RunJob.For(scenario);
                    var progress = new BatchProgress(runJobs);
                    var work = Task.Run(() => BatchRunner.Run(runJobs, environment.Runner, parse.GetValue(jobs), progress, merged, signals.Token), signals.Token);
                    results = await ProgressDisplay.Await(work.WaitAsync(signals.Token), progress, terminal);
                }
                catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
                {
                    stderr.WriteLine("cancelled");
                    return signals.ExitCode;
                }
                catch (ScenarioSetupException e)
                {
                    // Binds and validates, but cannot be set up as written: the user's to fix, as in run.
                    stderr.WriteLine(Excerpt.Of($"{scenario.LocationOf(e.Key)}: error: {e.Message}", ScenarioInput.MaxLineLength));
                    return ExitCodes.InputError;
                }
                foreach (var variant in results.GroupBy(r => r.Variant))
                {
                    var replications = variant.ToList();
                    string label = labels[runs.Count];
                    runs.Add(replications);
                    modelWarnings.AddRange(replications.SelectMany(r => r.Warnings).Distinct().Select(w => $"{label}: {w}"));
                    modelWarnings.AddRange(RunQuality.Check(replications).Select(w => $"{label}: {w}"));
                }
            }
            foreach (var w in modelWarnings) stderr.WriteLine("warning: " + Excerpt.Of(w, ScenarioInput.MaxLineLength));
            List<string> warnings = [.. setWarnings, .. modelWarnings];

            var compared = labels.Select((label, i) => VariantComparison.Of(label, runs[i], runs[baseIndex], i == baseIndex)).ToList();
            try
            {
                WriteReport(location.Directory!, scenarios, labels, runs, distributions, warnings, signals.Token);
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                stderr.WriteLine("cancelled; nothing was written");
                return signals.ExitCode;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"--out {Excerpt.OfPath(directory)}: error: the report could not be written ({IoReason.Of(e)}); nothing was written");
                return ExitCodes.InternalError;
            }
            if (parse.GetValue(json)) stdout.WriteLine(JsonComparison.Generate(paths, compared, warnings));
            else ComparisonTable.Write(CliEnvironment.ConsoleFor(stdout, environment.StdoutIsTerminal), "compare", compared);
            return ExitCodes.Ok;
        });
        return command;
    }

    // One report of every compared variant, under its label, with the files' questions.
    private static void WriteReport(string directory, IReadOnlyList<LoadedScenario> scenarios, IReadOnlyList<string> labels,
        IReadOnlyList<IReadOnlyList<RunResult>> runs, IReadOnlyList<RunDistributions> distributions, IReadOnlyList<string> warnings,
        CancellationToken token)
    {
        var variants = new List<VariantRuns>();
        int k = 0;
        for (int f = 0; f < scenarios.Count; f++)
            foreach (var v in scenarios[f].Variants)
            {
                variants.Add(new VariantRuns(labels[k], v.SweptValues, runs[k], distributions[f].MetricsOf(v.Name)));
                k++;
            }
        string question = string.Join(" ", scenarios.Select(s => $"{s.Variants[0].Spec.Name}: {s.Variants[0].Spec.Description}"));
        var settings = scenarios.Select(s => new ReportSetting(s.Source, $"{s.Variants.Count} variant{(s.Variants.Count == 1 ? "" : "s")}")).ToList();
        var report = ReportBuilder.Build("compare", question, settings, warnings, variants);
        using var staged = new StagedDirectory(directory, token);
        ReportFile.WriteHtml(staged.File(ReportFile.FileName), report);
        staged.Commit();
    }

    /// <summary>
    /// Each variant's label, in run order: its name for one file; <c>file:variant</c> for several, the file by its name
    /// without extension, or as given where two files share that name.
    /// </summary>
    internal static List<string> Labels(IReadOnlyList<LoadedScenario> scenarios)
    {
        if (scenarios.Count == 1) return scenarios[0].Variants.Select(v => v.Name).ToList();
        var stems = scenarios.Select(s => Path.GetFileNameWithoutExtension(s.Source)).ToList();
        bool distinct = stems.Distinct(StringComparer.Ordinal).Count() == stems.Count;
        return scenarios.SelectMany((s, i) => s.Variants.Select(v => $"{(distinct ? stems[i] : s.Source)}:{v.Name}")).ToList();
    }
}
