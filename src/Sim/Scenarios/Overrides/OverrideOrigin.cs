namespace IommuSim.Scenarios.Overrides;

/// <summary>Who wrote an override, so that a warning can say whose value another one replaced.</summary>
internal enum OverrideOrigin
{
    /// <summary>A named variant's own change (<c>variants: {NAME: {path: value}}</c>).</summary>
    Variant,
    /// <summary>A sweep grid point (<c>sweep: {path: [values]}</c>).</summary>
    Sweep,
    /// <summary><c>--set path=value</c> on the command line.</summary>
    Set,
    /// <summary><c>--seed N</c> on the command line (<c>run.seed</c>).</summary>
    Seed,
}
