namespace IommuSim.Parameters;

/// <summary>
/// A scenario that binds and validates but cannot be set up as written: a working set that does not fit
/// the IOVA space or the SWIOTLB pool, for example. A user error, not a bug: the CLI reports it with exit 2.
/// </summary>
public sealed class ScenarioSetupException : Exception
{
    /// <summary>Creates the exception; <paramref name="key"/> is the dotted scenario key at fault.</summary>
    public ScenarioSetupException(string key, string message) : base($"{key}: {message}") => Key = key;

    /// <summary>The dotted scenario key at fault, e.g. <c>devices.0.buffers</c>.</summary>
    public string Key { get; }
}
