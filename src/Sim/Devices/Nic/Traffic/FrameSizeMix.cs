namespace IommuSim.Devices.Nic;

/// <summary>Where frame lengths come from.</summary>
public enum FrameSizeMix
{
    /// <summary>Every frame the same size (<see cref="FixedFrameSize"/>).</summary>
    Fixed,
    /// <summary>The simple IMIX, 7:4:1 (<see cref="SimpleImix"/>).</summary>
    Imix,
    /// <summary>An empirical CDF read from a file (<see cref="EmpiricalFrameSizes"/>).</summary>
    Cdf,
}
