namespace IommuSim.Devices.DmaStream;

/// <summary>How a generator spaces its requests in time.</summary>
public enum ArrivalProcess
{
    /// <summary>Exponential gaps: a Poisson process at the mean rate.</summary>
    Poisson,
    /// <summary>Equal gaps at exactly the mean rate.</summary>
    Constant,
}
