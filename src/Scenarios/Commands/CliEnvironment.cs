using IommuSim.Scenarios.Running;
using Spectre.Console;

namespace IommuSim.Scenarios.Commands;

/// <summary>What commands need beyond their arguments: the model to run and whether a terminal is attached.</summary>
/// <param name="Runner">Runs one replication (the model, or a test double).</param>
/// <param name="StdoutIsTerminal">Standard output is an interactive terminal (colours, width).</param>
/// <param name="StderrIsTerminal">Standard error is an interactive terminal (progress bar).</param>
internal sealed record CliEnvironment(ReplicationRunner Runner, bool StdoutIsTerminal, bool StderrIsTerminal)
{
    /// <summary>Runs one replication with its trace recorded: the model.</summary>
    public TracedReplicationRunner TracedRunner { get; init; } =
        (spec, variant, replication, progress, token, trace) => Model.ScenarioRunner.Run(spec, variant, replication, progress, token, trace);

    /// <summary>A Spectre console over <paramref name="writer"/>: plain text and a wide fixed width unless it is a terminal.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        // A file or pipe has no width; a fixed one keeps the table unwrapped and the bytes stable.
        if (!terminal) console.Profile.Width = 200;
        return console;
    }
}
