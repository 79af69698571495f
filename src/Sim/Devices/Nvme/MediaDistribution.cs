namespace IommuSim.Devices.Nvme;

/// <summary>How the media's read and program latencies vary from I/O to I/O.</summary>
public enum MediaDistribution
{
    /// <summary>Every I/O takes the mean.</summary>
    Constant,

    /// <summary>Exponentially distributed about the mean (the queueing-theory reference case).</summary>
    Exponential,
}
