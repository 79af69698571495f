using IommuSim.Kernel;

namespace IommuSim.Devices.Nic;

/// <summary>
/// Frames evenly paced at a fraction of the line rate: the gap before a frame is its wire time divided by the load,
/// so at load 1 frames are back to back and each frame's wire share is the load exactly.
/// </summary>
public sealed class ConstantArrivals : IFrameArrivals
{
    private readonly EthernetLink _link;

    /// <summary>Frames on <paramref name="link"/> at <paramref name="load"/> (0 &lt; load ≤ 1) of its line rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="load"/> is outside (0, 1].</exception>
    public ConstantArrivals(EthernetLink link, double load)
    {
        _link = link;
        MeanLoad = TrafficLoad.Check(load);
    }

    /// <inheritdoc/>
    public double MeanLoad { get; }

    /// <inheritdoc/>
    public SimTime NextGap(int frameBytes)
    {
        var wire = _link.WireTime(frameBytes);
        return MeanLoad == 1.0 ? wire : new SimTime((long)Math.Round(wire.Picoseconds / MeanLoad));
    }
}
