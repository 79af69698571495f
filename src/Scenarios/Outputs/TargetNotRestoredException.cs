namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// The staging directory could not be renamed into place and the replaced directory could not be renamed back
/// either: the output directory is missing, its previous contents are in <see cref="Previous"/>.
/// </summary>
internal sealed class TargetNotRestoredException(string message, string previous, Exception inner) : IOException(message, inner)
{
    /// <summary>Where the output directory's previous contents are.</summary>
    public string Previous { get; } = previous;
}
