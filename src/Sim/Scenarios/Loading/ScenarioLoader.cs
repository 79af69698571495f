using IommuSim.Scenarios.Overrides;

namespace IommuSim.Scenarios.Loading;

/// <summary>
/// Reads a scenario file and turns it into the variants to run: parse (YAML or JSON), plan the
/// variants, apply each variant's overrides and then the command line's to the document tree, and bind
/// each result. Every problem of every stage is reported, each with its location; a problem that only
/// some variants have names them. A <c>--set</c> that overrides a variant's own value is a warning of
/// that variant (<see cref="SetShadowing"/>).
/// </summary>
internal static class ScenarioLoader
{
    private static readonly HashSet<string> FileKeySet = [.. FileKeys.All];

    /// <summary>Loads the file at <paramref name="path"/> with the command line's <c>--set</c> and <c>--seed</c>.</summary>
    public static LoadOutcome LoadFile(string path, IReadOnlyList<string> sets, ulong? seed)
    {
        string? text = ScenarioFile.Read(path, out string? problem);
        if (text is null) return Failed(SourceLocation.Whole(path.Length == 0 ? "\"\"" : path), problem!);
        return LoadText(text, path, sets, seed);
    }

    /// <summary>Loads scenario text; <paramref name="source"/> names it in locations.</summary>
    public static LoadOutcome LoadText(string text, string source, IReadOnlyList<string> sets, ulong? seed)
    {
        var problems = new ProblemList();
        var root = YamlTreeReader.Read(text, source, problems);
        if (root is null) return new LoadOutcome(null, problems.Sorted());
        if (root is not MapNode document)
        {
            problems.Add(root.Location, $"found {root.Describe()}; expected {Metadata.SpecTypes.Scenario.Expected}, {string.Join(", ", FileKeys.All)}");
            return new LoadOutcome(null, problems.Sorted());
        }
        var commandLine = CommandLineOverrides.Parse(sets, seed, problems);
        return LoadDocument(document, source, commandLine, problems);
    }

    /// <summary>
    /// Loads a scenario document already read (from a file, or built in code), with <paramref name="commandLine"/>
    /// applied to every variant after its own overrides; <paramref name="problems"/> may hold problems found before.
    /// </summary>
    public static LoadOutcome LoadDocument(MapNode document, string source, IReadOnlyList<Override> commandLine, ProblemList problems)
    {
        if (document.Find(FileKeys.ToolVersion)?.Value is { } version and not ScalarNode)
            problems.Add(version.Location, $"{FileKeys.ToolVersion}: found {version.Describe()}; expected text");

        var definitions = VariantPlanner.Plan(document, problems);
        var resolvedSwept = ResolvedSwept.Read(document, problems);
        ResolvedSwept.CheckNames(document, definitions.Select(d => d.Name).ToList(), problems);
        var written = document.Without(FileKeySet);

        var variants = new List<ScenarioVariant>(definitions.Count);
        // Each distinct problem once, with the variants that have it, in the order first found.
        var found = new List<(ScenarioProblem Problem, List<string> Variants)>();
        var index = new Dictionary<ScenarioProblem, int>();
        foreach (var definition in definitions)
        {
            var own = new ProblemList();
            var tree = written;
            var applied = new List<AppliedOverride>();
            foreach (var change in definition.Overrides.Concat(commandLine))
            {
                tree = OverrideApplier.Apply(tree, change, own, out var target);
                if (target is not null) applied.Add(new AppliedOverride(change, target));
            }
            var bound = new SpecBinder(own, FileKeys.All).BindScenario(tree);
            if (bound is not null && own.Count == 0)
                variants.Add(new ScenarioVariant(definition.Name, bound with { SourceDirectory = DirectoryOf(source) },
                    SetShadowing.Warnings(definition.Name, applied))
                {
                    // A sweep's own values, or in a resolved file those it wrote down.
                    SweptValues = resolvedSwept.TryGetValue(definition.Name, out var resolved) ? SweptValues.OfResolved(tree, resolved) : SweptValues.Of(tree, applied),
                });
            foreach (var p in own.Sorted())
            {
                if (!index.TryGetValue(p, out int i)) index.Add(p, i = found.Count);
                if (i == found.Count) found.Add((p, []));
                found[i].Variants.Add(definition.Name);
            }
        }
        foreach (var (problem, names) in found)
            problems.Add(names.Count == definitions.Count ? problem : problem with { Message = InVariants(names, definitions.Count) + problem.Message });

        var sorted = problems.Sorted();
        return sorted.Count > 0 ? new LoadOutcome(null, sorted) : new LoadOutcome(new LoadedScenario(source, variants) { Document = written }, sorted);
    }

    // The directory relative file names in the scenario are read against: the file's, or the working directory.
    private static string? DirectoryOf(string source)
    {
        try
        {
            return File.Exists(source) ? Path.GetDirectoryName(Path.GetFullPath(source)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>"in variant 'a': ", "in variants 'a', 'b': " or "in 7 of 40 variants ('a', 'b', 'c', ...): ".</summary>
    private static string InVariants(List<string> names, int total)
    {
        if (names.Count == 1) return $"in variant '{names[0]}': ";
        if (names.Count <= 3) return $"in variants {string.Join(", ", names.Select(n => $"'{n}'"))}: ";
        return $"in {names.Count} of {total} variants ({string.Join(", ", names.Take(3).Select(n => $"'{n}'"))}, ...): ";
    }

    private static LoadOutcome Failed(SourceLocation location, string message) =>
        new(null, [new ScenarioProblem(location, message)]);
}
