using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;

namespace IommuSim.Devices.Nic;

/// <summary>
/// Bursts: exponential on periods during which frames arrive back to back at line rate, separated by exponential
/// off periods of silence. The long-run load is on / (on + off) of the line rate.
/// </summary>
/// <remarks>
/// A frame starts while the on period has time left and is then received whole; the time it overran is taken off
/// the next on period, so the fraction of time spent sending stays on / (on + off) whatever the frame sizes.
/// Draws: one for each on and each off period, none per frame inside a burst.
/// </remarks>
public sealed class OnOffArrivals : IFrameArrivals
{
    private readonly EthernetLink _link;
    private readonly RandomStream _stream;
    private readonly double _onMeanPs;
    private readonly double _offMeanPs;
    private long _onLeftPs;

    /// <summary>Bursts on <paramref name="link"/> with on and off periods of the given means, drawn from <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A mean is not positive.</exception>
    public OnOffArrivals(EthernetLink link, SimTime onMean, SimTime offMean, RandomStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (onMean <= SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(onMean), onMean, "the mean on period must be positive");
        if (offMean <= SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(offMean), offMean, "the mean off period must be positive");
        _link = link;
        _stream = stream;
        _onMeanPs = onMean.Picoseconds;
        _offMeanPs = offMean.Picoseconds;
        MeanLoad = _onMeanPs / (_onMeanPs + _offMeanPs);
        // The run starts at the beginning of an on period.
        _onLeftPs = DrawPs(_onMeanPs);
    }

    /// <inheritdoc/>
    public double MeanLoad { get; }

    /// <inheritdoc/>
    public SimTime NextGap(int frameBytes)
    {
        long gap = 0;
        // Off periods until an on period with time left (an overrun can eat a whole short on period).
        while (_onLeftPs <= 0)
        {
            gap += DrawPs(_offMeanPs);
            _onLeftPs += DrawPs(_onMeanPs);
        }
        long wire = _link.WireTime(frameBytes).Picoseconds;
        _onLeftPs -= wire;
        return new SimTime(gap + wire);
    }

    private long DrawPs(double meanPs) => (long)Math.Round(_stream.NextExponential(meanPs));
}
