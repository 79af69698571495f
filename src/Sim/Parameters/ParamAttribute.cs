namespace IommuSim.Parameters;

/// <summary>
/// Marks a property of a parameter or spec record as a scenario-file key. The scenario loader, the
/// JSON Schema, <c>docs/scenarios.md</c> and <c>scenario.resolved.yaml</c> are all derived from these
/// attributes, so a component gains a key by gaining an annotated property, nothing else.
/// The property's initializer is its default.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class ParamAttribute : Attribute
{
    /// <summary>Declares key <paramref name="key"/> (snake_case) with a one-line description.</summary>
    public ParamAttribute(string key, string description)
    {
        Key = key;
        Description = description;
    }

    /// <summary>The key as written in scenario files (snake_case).</summary>
    public string Key { get; }

    /// <summary>What the value means, one line.</summary>
    public string Description { get; }

    /// <summary>
    /// Where the default comes from (spec section, kernel constant, paper, datasheet), repeated in
    /// <c>docs/parameters.md</c>. Required for every key whose default is a number or a size.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>Smallest accepted value for numbers, times, sizes and rates (in their base unit); NaN for none.</summary>
    public double Min { get; init; } = double.NaN;

    /// <summary>Largest accepted value for numbers, times, sizes and rates (in their base unit); NaN for none.</summary>
    public double Max { get; init; } = double.NaN;

    /// <summary>True when the key must be written (no default).</summary>
    public bool Required { get; init; }
}
