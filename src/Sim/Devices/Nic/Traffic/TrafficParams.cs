using IommuSim.Kernel;
using IommuSim.Parameters;
using IommuSim.Units;

namespace IommuSim.Devices.Nic;

/// <summary>
/// The traffic a NIC port receives: spacing, frame sizes, flows and their queues. Frame sizes are the driver's view
/// (no FCS, no VLAN tag; see <see cref="EthernetFraming"/>). Build the generator with <see cref="FrameSource.Create"/>.
/// </summary>
public sealed record TrafficParams : IValidatableSpec
{
    /// <summary>How frames are spaced.</summary>
    [Param("pattern", "Frame spacing: constant (even, at the load), poisson (exponential gaps, at the load) or onoff (line-rate bursts).",
        Source = "convention: Poisson, the open-workload assumption dma-stream's arrivals also make")]
    public TrafficPattern Pattern { get; init; } = TrafficPattern.Poisson;

    /// <summary>Offered load as a fraction of the line rate, wire overheads included (constant and poisson; onoff's load is on/(on+off)).</summary>
    [Param("load", "Fraction of the line rate offered, counting wire overheads (constant and poisson; onoff offers on_mean/(on_mean+off_mean)).",
        Source = "convention: half the line rate, so that Poisson bunching, which a real link would serialise, stays moderate",
        Min = 1e-6, Max = 1)]
    public double Load { get; init; } = 0.5;

    /// <summary>Where frame sizes come from.</summary>
    [Param("sizes", "Frame sizes: fixed (size), imix (simple IMIX 7:4:1 of 60/590/1514 B, 64/594/1518 B with FCS) or cdf (cdf_file).",
        Source = "convention: fixed, as RFC 2544 benchmarks run each trial at one of the frame sizes its §9 lists")]
    public FrameSizeMix Sizes { get; init; } = FrameSizeMix.Fixed;

    /// <summary>The frame size for <see cref="FrameSizeMix.Fixed"/>, without FCS.</summary>
    [Param("size", "Frame size for sizes: fixed, without FCS (60B is the 64 B minimum frame; 1514B carries a 1500 B IP packet).",
        Source = "1500 B Ethernet MTU (RFC 894) plus the 14 B MAC header (IEEE 802.3 clause 3.1.1): full-size frames",
        Min = EthernetFraming.MinFrameBytes, Max = EthernetFraming.MaxFrameBytes)]
    public ByteSize Size { get; init; } = ByteSize.FromBytes(1514);

    /// <summary>The CDF file for <see cref="FrameSizeMix.Cdf"/>: lines of size in bytes and cumulative probability.</summary>
    [Param("cdf_file", "For sizes: cdf, a file of 'size cumulative-probability' lines (sizes 60..9216 B without FCS, '#' comments).",
        Source = "convention: none; required when sizes is cdf")]
    public string CdfFile { get; init; } = "";

    /// <summary>Mean length of a line-rate burst for <see cref="TrafficPattern.OnOff"/>.</summary>
    [Param("on_mean", "Mean of the exponential on periods (line-rate bursts) of pattern onoff.",
        Source = "convention: 100 µs, equal to off_mean so that the mean is half the line rate; about 80 full-size frames at 10 Gb/s",
        Min = 1000, Max = Bounds.RunTime)]
    public SimTime OnMean { get; init; } = SimTime.FromMicroseconds(100);

    /// <summary>Mean length of a silence for <see cref="TrafficPattern.OnOff"/>.</summary>
    [Param("off_mean", "Mean of the exponential off periods (silence) of pattern onoff.",
        Source = "convention: 100 µs, equal to on_mean so that the mean is half the line rate",
        Min = 1000, Max = Bounds.RunTime)]
    public SimTime OffMean { get; init; } = SimTime.FromMicroseconds(100);

    /// <summary>Distinct flows (5-tuples).</summary>
    [Param("flows", "Distinct flows; each frame belongs to one, and a flow always goes to the same queue.",
        Source = "convention: 1024 flows, eight times the 128 RSS table entries so that every entry, hence every queue, is used",
        Min = 1, Max = 16777216)]
    public int Flows { get; init; } = 1024;

    /// <summary>Zipf exponent of flow popularity; 0 makes every flow equally likely.</summary>
    [Param("skew", "Flow popularity: flow k (from 1) has probability ~ 1/k^skew; 0 for equally likely flows.",
        Source = "convention: 0, uniform flows, the even load RSS is designed for", Min = 0, Max = 10)]
    public double Skew { get; init; }

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (Sizes == FrameSizeMix.Cdf && string.IsNullOrWhiteSpace(CdfFile))
            yield return new SpecProblem("cdf_file", "sizes: cdf needs cdf_file, a file of 'size cumulative-probability' lines");
        if (Sizes == FrameSizeMix.Fixed && FrameSizeDistribution.SizeProblem(Size.Bytes) is { } sizeProblem)
            yield return new SpecProblem("size", sizeProblem);
        if (!(Load > 0 && Load <= 1))
            yield return new SpecProblem("load", $"load {Load} must be more than 0 and at most 1 (a fraction of the line rate)");
        if (Pattern == TrafficPattern.OnOff && (OnMean <= SimTime.Zero || OffMean <= SimTime.Zero))
            yield return new SpecProblem(OnMean <= SimTime.Zero ? "on_mean" : "off_mean", "on_mean and off_mean must be positive");
        if (Flows < 1) yield return new SpecProblem("flows", "at least one flow");
        if (!(Skew >= 0) || double.IsInfinity(Skew)) yield return new SpecProblem("skew", "skew must be finite and non-negative");
    }
}
