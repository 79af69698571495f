using System.Globalization;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Overrides;

/// <summary>
/// <c>--set path=value</c> (repeatable) and <c>--seed N</c> as overrides applied to every variant after
/// its own, in command-line order (<c>--seed</c> last). Values are read as YAML, so
/// <c>--set 'run={seed: 2}'</c> works; messages name the argument as their location.
/// </summary>
internal static class CommandLineOverrides
{
    public static IReadOnlyList<Override> Parse(IReadOnlyList<string> sets, ulong? seed, ProblemList problems)
    {
        var overrides = new List<Override>();
        foreach (var arg in sets)
        {
            // The argument names every problem in it: a long value is cut, or each message would repeat it whole.
            var location = SourceLocation.Whole("--set " + Excerpt.Of(arg));
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || arg[..eq].Trim().Length == 0)
            {
                problems.Add(location, "no path before '='; expected --set path=value, e.g. --set run.seed=2");
                continue;
            }
            string valueText = arg[(eq + 1)..];
            var value = valueText.Trim().Length == 0
                ? ScalarNode.Plain("", location)
                : YamlTreeReader.Read(valueText, location.Source, problems, positions: false);
            if (value is not null) overrides.Add(new Override(arg[..eq].Trim(), location, value, OverrideOrigin.Set));
        }
        if (seed is { } s)
        {
            string text = s.ToString(CultureInfo.InvariantCulture);
            var location = SourceLocation.Whole("--seed " + text);
            overrides.Add(new Override("run.seed", location, ScalarNode.Plain(text, location), OverrideOrigin.Seed));
        }
        return overrides;
    }
}
