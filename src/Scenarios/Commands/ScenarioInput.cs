using System.CommandLine;
using System.Globalization;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Commands;

/// <summary>The scenario file argument with <c>--set</c> and <c>--seed</c>, shared by the commands that read scenarios.</summary>
/// <param name="withSeed">False for commands on which the seed changes nothing (no <c>--seed</c> option).</param>
internal sealed class ScenarioInput(bool withSeed = true)
{
    public Argument<string> File { get; } = new("FILE") { Description = "Scenario file (YAML, or JSON)." };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override a value by dotted path, e.g. --set devices.0.rate=25Gbps or --set devices.nic0.size=2KiB. " +
                      "Repeatable; applies to every variant, after the variant's own changes.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<ulong?> Seed { get; } = new("--seed")
    {
        Description = "Master random seed for every variant (overrides run.seed).",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)) return seed;
            result.AddError($"--seed {text}: expected a whole number from 0 to {ulong.MaxValue}");
            return null;
        },
    };

    /// <summary>Adds the argument and options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        command.Options.Add(Set);
        if (withSeed) command.Options.Add(Seed);
    }

    /// <summary>Loads the scenario the command line names.</summary>
    public LoadOutcome Load(ParseResult parse) =>
        ScenarioLoader.LoadFile(parse.GetValue(File)!, parse.GetValue(Set) ?? [], withSeed ? parse.GetValue(Seed) : null);

    /// <summary>
    /// The most problems printed. A hundred is more than anyone fixes in one pass; a flood (100,000 unknown keys)
    /// would otherwise print megabytes. The rest are counted on a last line.
    /// </summary>
    public const int MaxReported = 100;

    /// <summary>
    /// The longest problem line printed. Messages quote values by excerpt, but some rules quote input whole (a
    /// name, a path, a list of names); no honest line is half this long, and a 3 MB name must not give a 3 MB line.
    /// </summary>
    public const int MaxLineLength = 2000;

    /// <summary>
    /// Prints the problems on <paramref name="error"/>, one per line in the order given (sorted by position), at
    /// most <see cref="MaxReported"/> of them, and returns the input-error exit code.
    /// </summary>
    public static int Reject(TextWriter error, IEnumerable<ScenarioProblem> problems)
    {
        int count = 0;
        foreach (var p in problems)
        {
            if (++count > MaxReported) continue;
            // Escaped whole, not only the values that rules quote: a key, a path or a name may hold a line break or an ESC.
            error.WriteLine(Excerpt.Of(p.ToString(), MaxLineLength));
        }
        int more = count - MaxReported;
        if (more > 0) error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"error: {more:N0} more problem{(more == 1 ? "" : "s")} not shown ({count:N0} in all); fix the ones above first"));
        return ExitCodes.InputError;
    }
}
