using IommuSim.Kernel;

namespace IommuSim.Devices.Nic;

/// <summary>
/// When frames arrive. A frame "arrives" when its last byte has been received (a NIC checks the FCS before it
/// writes the frame out), so at line rate the gap before a frame is that frame's own wire time.
/// Implementations are allocation-free.
/// </summary>
public interface IFrameArrivals
{
    /// <summary>The time from the previous frame's arrival to the arrival of the next one, of <paramref name="frameBytes"/>.</summary>
    SimTime NextGap(int frameBytes);

    /// <summary>The long-run fraction of the line rate the arrivals offer (wire bytes over wire capacity).</summary>
    double MeanLoad { get; }
}
