namespace IommuSim.Scenarios.Loading;

/// <summary>
/// Root keys of a scenario file that the loader reads itself (they describe which runs to make, not
/// what one run is), with the descriptions the schema and the key reference show.
/// </summary>
internal static class FileKeys
{
    /// <summary>Named variants: name → {dotted path: value}.</summary>
    public const string Variants = "variants";
    /// <summary>Sweep grid: dotted path → list of values.</summary>
    public const string Sweep = "sweep";
    /// <summary>Whether the scenario as written runs as variant <c>base</c>.</summary>
    public const string IncludeBase = "include_base";
    /// <summary>The iommusim version that wrote a resolved file (informational).</summary>
    public const string ToolVersion = "tool_version";
    /// <summary>In a resolved file: each variant's swept values, which its rows carry in the swept columns.</summary>
    public const string Swept = "swept";

    /// <summary>All of them, in the order the reference lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Variants, Sweep, IncludeBase, ToolVersion, Swept];

    /// <summary>One line per key, for the schema and the key reference.</summary>
    public static string Describe(string key) => key switch
    {
        Variants => "Named variants: each maps dotted paths to values that replace the scenario's (e.g. host.mode: strict). " +
                    "The scenario as written runs too, as variant 'base'.",
        Sweep => "A grid: each dotted path maps to a list of values; every combination runs as a variant named " +
                 "path=value,path=value. With variants, every variant is crossed with every point (variant/point).",
        IncludeBase => "Whether the scenario as written runs as variant 'base' (or is crossed with the sweep); " +
                       "resolved files set it to false when base did not run.",
        ToolVersion => "The iommusim version that wrote this file (scenario.resolved.yaml); informational.",
        Swept => "Written in scenario.resolved.yaml for a swept run: each variant's name mapping the swept paths to the values its " +
                 "sweep point gave them, so that a rerun labels its rows with the same swept columns; not for a file with a sweep.",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a file key"),
    };
}
