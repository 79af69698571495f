using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;

namespace IommuSim.Devices.Nic;

/// <summary>
/// Poisson arrivals at a fraction of the line rate: the gap before a frame is exponential with mean its wire time
/// divided by the load (one draw per frame). For a fixed size that is a Poisson process of rate
/// load × line packets per second; for mixed sizes the offered wire load is still the load on average.
/// </summary>
/// <remarks>
/// Idealised offered traffic: a gap can be shorter than the frame's own wire time, which a single link cannot
/// deliver; the usual open-workload assumption, as for <c>dma-stream</c>'s Poisson arrivals.
/// </remarks>
public sealed class PoissonArrivals : IFrameArrivals
{
    private readonly EthernetLink _link;
    private readonly RandomStream _stream;

    /// <summary>Frames on <paramref name="link"/> at <paramref name="load"/> (0 &lt; load ≤ 1) of its line rate, drawn from <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="load"/> is outside (0, 1].</exception>
    public PoissonArrivals(EthernetLink link, double load, RandomStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _link = link;
        _stream = stream;
        MeanLoad = TrafficLoad.Check(load);
    }

    /// <inheritdoc/>
    public double MeanLoad { get; }

    /// <inheritdoc/>
    public SimTime NextGap(int frameBytes)
    {
        double meanPs = _link.WireTime(frameBytes).Picoseconds / MeanLoad;
        return new SimTime((long)Math.Round(_stream.NextExponential(meanPs)));
    }
}
