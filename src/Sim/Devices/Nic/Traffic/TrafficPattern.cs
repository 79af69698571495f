using IommuSim.Parameters;

namespace IommuSim.Devices.Nic;

/// <summary>How received frames are spaced in time.</summary>
public enum TrafficPattern
{
    /// <summary>Evenly spaced at the load (<see cref="ConstantArrivals"/>).</summary>
    Constant,
    /// <summary>Exponential gaps at the load (<see cref="PoissonArrivals"/>).</summary>
    Poisson,
    /// <summary>Line-rate bursts with exponential on and off periods (<see cref="OnOffArrivals"/>).</summary>
    [SpecName("onoff")]
    OnOff,
}
