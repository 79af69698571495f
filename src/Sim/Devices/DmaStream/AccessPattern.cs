namespace IommuSim.Devices.DmaStream;

/// <summary>Which buffer of a working set the next request touches.</summary>
public enum AccessPattern
{
    /// <summary>Buffers in order, wrapping around (a ring).</summary>
    Sequential,
    /// <summary>Any buffer with equal probability.</summary>
    Uniform,
    /// <summary>Buffer k (from 1) with probability proportional to 1/k^s.</summary>
    Zipf,
}
