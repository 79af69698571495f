using System.CommandLine;
using System.CommandLine.Help;
using IommuSim.Model;
using IommuSim.Scenarios.Commands;
using IommuSim.Scenarios.Running;

namespace IommuSim.Scenarios;

/// <summary>
/// The <c>iommusim</c> command tree. Parsing and presentation only: every command calls into the
/// IommuSim library for the work.
/// </summary>
public static class Cli
{
    /// <summary>The command's name, as installed (tool command name) and as help, usage and messages show it.</summary>
    public const string CommandName = "iommusim";

    /// <summary>Builds the root command.</summary>
    public static Command Build() => Build(new CliEnvironment(ModelRunner, false, false));

    internal static Command Build(CliEnvironment environment)
    {
        // Not a RootCommand: its name is the running executable's (IommuSim.Cli from the dll, testhost in
        // tests) and cannot be set, so usage would not show the command the user types. A plain command
        // with RootCommand's help and version options parses the same; only the [suggest] directive is lost.
        var root = new Command(CommandName,
            "IommuSim: a discrete-event simulator of DMA workloads through an IOMMU.\n" +
            $"Example: {CommandName} run scenarios/quickstart.yaml")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(RunCommand.Build(environment));
        root.Subcommands.Add(CompareCommand.Build(environment));
        root.Subcommands.Add(TraceCommand.Build(environment));
        root.Subcommands.Add(MergeCommand.Build(environment));
        root.Subcommands.Add(ValidateCommand.Build());
        root.Subcommands.Add(TopologyCommand.Build());
        root.Subcommands.Add(SchemaCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(NotebookCommand.Build());
        root.Subcommands.Add(SlurmCommand.Build());
        return root;
    }

    private static readonly ReplicationRunner ModelRunner =
        (spec, variant, replication, progress, token) => ScenarioRunner.Run(spec, variant, replication, progress, token);

    /// <summary>
    /// Parses and runs <paramref name="args"/>, writing to the given streams. Usage errors exit 2,
    /// internal errors exit 1 with a one-line message (set IOMMUSIM_DEBUG=1 for the stack trace).
    /// </summary>
    public static int Invoke(string[] args, TextWriter stdout, TextWriter stderr) =>
        Invoke(args, stdout, stderr, ModelRunner);

    /// <summary>Like <see cref="Invoke(string[], TextWriter, TextWriter)"/> with another replication runner (tests).</summary>
    internal static int Invoke(string[] args, TextWriter stdout, TextWriter stderr, ReplicationRunner runner)
    {
        var root = Build(new CliEnvironment(runner,
            StdoutIsTerminal: ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected,
            StderrIsTerminal: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) stderr.WriteLine($"error: {error.Message}");
            stderr.WriteLine($"Run '{CommandName} --help' for usage.");
            return ExitCodes.InputError;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"internal error: {ex.GetType().Name}: {ex.Message}");
            if (Environment.GetEnvironmentVariable("IOMMUSIM_DEBUG") == "1") stderr.WriteLine(ex);
            else stderr.WriteLine($"This is a bug in {CommandName}; rerun with IOMMUSIM_DEBUG=1 for details.");
            return ExitCodes.InternalError;
        }
    }
}
