using System.CommandLine;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Commands;

/// <summary>
/// <c>--variant NAME</c>: the variants a command works on, picked by name from a loaded scenario. The same
/// names as the outputs' <c>variant</c> column; a name the scenario does not have is an input problem that
/// lists the names it has, with a suggestion for a near miss.
/// </summary>
internal static class VariantChoice
{
    /// <summary>The option's name.</summary>
    public const string OptionName = "--variant";

    /// <summary>A repeatable <c>--variant NAME</c> for commands that work on any number of variants.</summary>
    public static Option<string[]> Repeatable(string description) => new(OptionName)
    {
        HelpName = "NAME",
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// <paramref name="scenario"/> with only the variants in <paramref name="names"/>, in scenario order (not
    /// the order named; a name given twice counts once); all of them when <paramref name="names"/> is empty.
    /// Fails with a problem per name the scenario does not have.
    /// </summary>
    public static LoadOutcome Only(LoadedScenario scenario, IReadOnlyCollection<string> names)
    {
        var known = scenario.Variants.Select(v => v.Name).ToList();
        var knownSet = known.ToHashSet(StringComparer.Ordinal);
        var unknown = names.Distinct(StringComparer.Ordinal).Where(n => !knownSet.Contains(n)).ToList();
        if (unknown.Count > 0) return new LoadOutcome(null, unknown.Select(n => Unknown(n, known)).ToList());
        if (names.Count == 0) return new LoadOutcome(scenario, []);
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        return new LoadOutcome(scenario with { Variants = scenario.Variants.Where(v => wanted.Contains(v.Name)).ToList() }, []);
    }

    /// <summary>The most variant names an error lists: a sweep may have thousands, and the nearest is named anyway.</summary>
    private const int MaxListed = 20;

    private static ScenarioProblem Unknown(string name, IReadOnlyList<string> known) =>
        new(SourceLocation.Whole($"{OptionName} {Excerpt.Of(name)}"),
            $"the scenario has no variant '{Excerpt.Of(name)}'{DidYouMean.Hint(name, known)}; expected one of: {string.Join(", ", known.Take(MaxListed))}" +
            (known.Count > MaxListed ? $" and {known.Count - MaxListed:N0} more" : ""));
}
