namespace IommuSim.Devices.Nic;

/// <summary>
/// Where the length of each received frame comes from (driver view: no FCS, no tag; see <see cref="EthernetFraming"/>).
/// Implementations draw without allocating.
/// </summary>
public interface IFrameSizes
{
    /// <summary>The length of the next frame, in bytes.</summary>
    int NextBytes();

    /// <summary>The mean length of a frame, in bytes (the expectation, not a sample mean).</summary>
    double MeanBytes { get; }
}
