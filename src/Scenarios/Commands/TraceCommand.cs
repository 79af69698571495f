using System.CommandLine;
using IommuSim.Observe.Recording;
using IommuSim.Parameters;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;
using IommuSim.Scenarios.Outputs;
using IommuSim.Scenarios.Tracing;

namespace IommuSim.Scenarios.Commands;

/// <summary>
/// <c>iommusim trace FILE</c>: runs replication 0 of one variant with tracing on and writes its iommu events as
/// ftrace text (PATH.txt) and a trace-cmd file (PATH.dat); <c>--emit-formats DIR</c> writes the event format files.
/// Input problems exit 2 with nothing written; a failed or cancelled run leaves no partial file.
/// </summary>
internal static class TraceCommand
{
    public static Command Build(CliEnvironment environment)
    {
        var input = new ScenarioInput();
        var trace = new TraceOptions();
        var output = new Option<string?>("--out", "-o")
        {
            HelpName = "PATH",
            Description = "Base path of the files, PATH.txt and PATH.dat (default: out/<scenario file name>/trace).",
        };
        var variant = new Option<string?>(VariantChoice.OptionName)
        {
            HelpName = "NAME",
            Description = "The variant to trace (default: the scenario's first); its replication 0 runs.",
        };
        var formats = new Option<string?>("--emit-formats")
        {
            HelpName = "DIR",
            Description = "Also write the kernel's event format files, DIR/events/iommu/<event>/format and id, as tracefs shows them. " +
                          "Without FILE, only these are written.",
        };
        var force = new Option<bool>("--force")
        {
            Description = $"Trace even when the run asks for more than {Model.WorkEstimate.Budget:N0} units of work (DMAs plus translations).",
        };
        var command = new Command("trace",
            "Run replication 0 of one variant with the Linux iommu trace events on, and write them as ftrace text\n" +
            "(PATH.txt, as /sys/kernel/tracing/trace prints it) and as a trace-cmd file (PATH.dat, as trace-cmd record\n" +
            "writes it): boot's groups and attaches, VFIO assignment, every map, unmap and io_page_fault, each with the\n" +
            "task, CPU and flags of the context it ran in.\n" +
            "Example: iommusim trace scenarios/vfio-assign.yaml --out out/vfio --kernel 5.17 --events attach_device_to_domain,map")
        {
            output, variant, formats, force,
        };
        input.AddTo(command);
        input.File.Arity = ArgumentArity.ZeroOrOne;
        trace.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var signals = new TerminationSignals(cancellationToken);
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var (settings, problems) = trace.Read(parse);
            if (settings is null) return Reject(stderr, problems);
            string? formatDirectory = parse.GetValue(formats);
            if (parse.GetValue(input.File) is null)
            {
                if (formatDirectory is null) return Reject(stderr, ["FILE: give a scenario file to trace (or --emit-formats DIR alone)"]);
                return EmitFormats(stdout, stderr, formatDirectory, settings);
            }

            var outcome = input.Load(parse);
            if (!outcome.Ok) return ScenarioInput.Reject(stderr, outcome.Problems);
            var names = parse.GetValue(variant) is { } name ? new[] { name } : [];
            var chosen = VariantChoice.Only(outcome.Scenario!, names);
            if (!chosen.Ok) return ScenarioInput.Reject(stderr, chosen.Problems);
            var scenario = chosen.Scenario!;
            var traced = scenario.Variants[0];
            string path = parse.GetValue(output) ?? Path.Combine(RunCommand.DefaultOutputDirectory(scenario.Source), "trace");
            if (TracePath.Problem(path) is { } pathProblem) return Reject(stderr, [$"--out {Excerpt.OfPath(path)}: {pathProblem}"]);
            // One replication runs, whatever run.replications says.
            var estimate = Model.WorkEstimate.Of(traced.Spec with { Run = traced.Spec.Run with { Replications = 1 } });
            if (estimate.IsBeyondBudget && !parse.GetValue(force)) return ScenarioInput.Reject(stderr, [ScenarioWork.TooMuch(scenario, estimate)]);
            if (formatDirectory is not null && EmitFormats(stdout, stderr, formatDirectory, settings) != ExitCodes.Ok) return ExitCodes.InputError;

            TraceSelection selection;
            IReadOnlyList<string> created = [];
            bool done = false;
            try
            {
                created = TracePath.CreateParents(path);
                using var files = new TraceFiles(path, settings, traced.Spec.Host.Cpus);
                selection = files.Selection;
                var token = signals.Token;
                await Task.Run(() => environment.TracedRunner(traced.Spec, traced.Name, 0, null, token, files.Selection), token);
                files.Complete();
                done = true;
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                stderr.WriteLine("cancelled; nothing was written");
                return signals.ExitCode;
            }
            catch (ScenarioSetupException e)
            {
                stderr.WriteLine(Excerpt.Of($"{scenario.LocationOf(e.Key)}: error: {e.Message}; nothing was written", ScenarioInput.MaxLineLength));
                return ExitCodes.InputError;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"--out {Excerpt.OfPath(path)}: error: the trace could not be written ({IoReason.Of(e)}); nothing was written");
                return ExitCodes.InternalError;
            }
            finally
            {
                if (!done) TracePath.RemoveCreated(created);
            }
            foreach (var file in settings.FilesFor(path)) stdout.WriteLine($"wrote {file}");
            stdout.WriteLine($"variant: {traced.Name}, replication 0, kernel {settings.Profile.Name}");
            stdout.WriteLine($"events: {selection.Recorded}");
            foreach (var kind in IommuEventNames.All)
                if (selection.RecordedOf(kind) > 0) stdout.WriteLine($"  {IommuEventNames.NameOf(kind)}: {selection.RecordedOf(kind)}");
            if (selection.IsFull) stdout.WriteLine($"(stopped recording at --limit {selection.Limit}; the run went on to its end)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int EmitFormats(TextWriter stdout, TextWriter stderr, string directory, TraceSettings settings)
    {
        try
        {
            var files = EventFormatFiles.Write(directory, settings.Profile);
            stdout.WriteLine($"wrote {files.Count} event formats of the {settings.Profile.Name} kernel under {Path.Combine(directory, "events", "iommu")}");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine($"--emit-formats {Excerpt.OfPath(directory)}: error: cannot write there ({e.Message})");
            return ExitCodes.InputError;
        }
    }

    private static int Reject(TextWriter stderr, IEnumerable<string> problems)
    {
        foreach (var p in problems) stderr.WriteLine("error: " + Excerpt.Of(p, ScenarioInput.MaxLineLength));
        return ExitCodes.InputError;
    }
}
