namespace IommuSim.Devices.Nic;

/// <summary>The outcome of reading a frame-size CDF: the distribution when the text is valid, every problem otherwise.</summary>
/// <param name="Distribution">The distribution; null when there is any problem.</param>
/// <param name="Problems">Every problem found, in file order; empty when valid.</param>
public sealed record FrameSizeCdfParse(FrameSizeDistribution? Distribution, IReadOnlyList<CdfProblem> Problems)
{
    /// <summary>True when the text gave a distribution.</summary>
    public bool IsValid => Distribution is not null;
}
