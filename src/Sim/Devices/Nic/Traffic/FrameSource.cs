using IommuSim.Kernel.Randomness;

namespace IommuSim.Devices.Nic;

/// <summary>
/// The received traffic of one NIC port: for each frame its size, then its gap (which depends on the size), then
/// its flow and the queue RSS steers it to. Allocation-free per frame.
/// </summary>
public sealed class FrameSource
{
    /// <summary>Name of the random stream frame sizes are drawn from.</summary>
    public const string SizeStream = "traffic.sizes";
    /// <summary>Name of the random stream gaps are drawn from.</summary>
    public const string ArrivalStream = "traffic.arrivals";
    /// <summary>Name of the random stream flows are drawn from.</summary>
    public const string FlowStream = "traffic.flows";

    /// <summary>Combines the given parts.</summary>
    public FrameSource(IFrameSizes sizes, IFrameArrivals arrivals, FlowSelector flows, RssIndirection rss)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(arrivals);
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(rss);
        Sizes = sizes;
        Arrivals = arrivals;
        Flows = flows;
        Rss = rss;
    }

    /// <summary>Frame lengths.</summary>
    public IFrameSizes Sizes { get; }
    /// <summary>Gaps between frames.</summary>
    public IFrameArrivals Arrivals { get; }
    /// <summary>Flow of each frame.</summary>
    public FlowSelector Flows { get; }
    /// <summary>Flow to queue.</summary>
    public RssIndirection Rss { get; }

    /// <summary>The next frame.</summary>
    public ArrivingFrame Next()
    {
        int bytes = Sizes.NextBytes();
        var gap = Arrivals.NextGap(bytes);
        int flow = Flows.Next();
        return new ArrivingFrame(gap, bytes, flow, Rss.QueueOf(flow));
    }

    /// <summary>
    /// The source <paramref name="traffic"/> describes on <paramref name="link"/>, its streams from
    /// <paramref name="streams"/> (the device's family; names <see cref="SizeStream"/>, <see cref="ArrivalStream"/>,
    /// <see cref="FlowStream"/>). <paramref name="cdf"/> is the distribution read from <see cref="TrafficParams.CdfFile"/>,
    /// needed only for <see cref="FrameSizeMix.Cdf"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The parameters are invalid, or the CDF is missing for <see cref="FrameSizeMix.Cdf"/>.</exception>
    public static FrameSource Create(TrafficParams traffic, RssIndirection rss, EthernetLink link, RandomStreams streams, FrameSizeDistribution? cdf = null)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentNullException.ThrowIfNull(rss);
        ArgumentNullException.ThrowIfNull(streams);
        var problems = traffic.Validate().ToList();
        if (problems.Count > 0)
            throw new ArgumentException("invalid traffic: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")), nameof(traffic));
        IFrameSizes sizes = traffic.Sizes switch
        {
            FrameSizeMix.Fixed => new FixedFrameSize((int)traffic.Size.Bytes),
            FrameSizeMix.Imix => new SimpleImix(streams.Get(SizeStream)),
            _ => new EmpiricalFrameSizes(cdf ?? throw new ArgumentException("sizes: cdf needs the distribution read from cdf_file", nameof(cdf)),
                streams.Get(SizeStream)),
        };
        IFrameArrivals arrivals = traffic.Pattern switch
        {
            TrafficPattern.Constant => new ConstantArrivals(link, traffic.Load),
            TrafficPattern.Poisson => new PoissonArrivals(link, traffic.Load, streams.Get(ArrivalStream)),
            _ => new OnOffArrivals(link, traffic.OnMean, traffic.OffMean, streams.Get(ArrivalStream)),
        };
        var flows = new FlowSelector(streams.Get(FlowStream), traffic.Flows, traffic.Skew);
        return new FrameSource(sizes, arrivals, flows, rss);
    }
}
