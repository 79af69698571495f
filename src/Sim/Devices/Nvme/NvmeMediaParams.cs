using IommuSim.Kernel;
using IommuSim.Parameters;
using IommuSim.Units;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// The SSD's media: how long a read or a write takes and how many are served at once. The defaults are NVMeVirt's
/// Samsung 970 PRO profile (Kim et al., FAST 2023; github.com/snu-csl/nvmevirt, ssd_config.h, SAMSUNG_970PRO), whose
/// writes complete once in the controller's write buffer.
/// </summary>
public sealed record NvmeMediaParams : IValidatableSpec
{
    internal const string Profile = "NVMeVirt's SAMSUNG_970PRO profile (github.com/snu-csl/nvmevirt, ssd_config.h)";

    /// <summary>A read's latency before its data moves: firmware and the NAND read.</summary>
    [Param("read_latency", "Latency of a read in the media before its data moves: firmware overhead plus the NAND read.",
        Source = Profile + ": FW_4KB_READ_LATENCY 21,500 ns + the mean of NAND_4KB_READ_LATENCY_LSB and _MSB (29,760 and 41,760 ns) = 57,260 ns",
        Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime ReadLatency { get; init; } = SimTime.FromNanoseconds(57_260);

    /// <summary>The bandwidth of one channel, at which a read's data leaves the media.</summary>
    [Param("channel_bandwidth", "Bandwidth of one media channel: a read's data takes bytes / channel_bandwidth after its latency.",
        Source = Profile + ": NAND_CHANNEL_BANDWIDTH 800 MB/s", Min = 1, Max = Bounds.Rate)]
    public BitRate ChannelBandwidth { get; init; } = BitRate.FromMbps(6400);

    /// <summary>A write's fixed latency into the write buffer.</summary>
    [Param("write_latency", "Fixed latency of a write into the controller's write buffer (the write completes there).",
        Source = Profile + ": FW_WBUF_LATENCY0 4,000 ns; WRITE_EARLY_COMPLETION 1", Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime WriteLatency { get; init; } = SimTime.FromNanoseconds(4000);

    /// <summary>A write's latency per 4 KiB into the write buffer.</summary>
    [Param("write_page_latency", "Latency per 4 KiB of a write into the write buffer, on top of write_latency.",
        Source = Profile + ": FW_WBUF_LATENCY1 460 ns per 4 KiB", Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime WritePageLatency { get; init; } = SimTime.FromNanoseconds(460);

    /// <summary>I/Os the media serves at once.</summary>
    [Param("channels", "I/Os the media serves in parallel (its dies), first come first served on the one free first.",
        Source = Profile + ": NAND_CHANNELS 8 x LUNS_PER_NAND_CH 2 = 16 dies", Min = 1, Max = 65536)]
    public int Channels { get; init; } = 16;

    /// <summary>Whether latencies are the mean every time or exponential about it.</summary>
    [Param("distribution", "constant (every I/O takes the mean, as NVMeVirt's timing model) or exponential (about the mean).",
        Source = "constant: NVMeVirt computes deterministic completion times (conv_ftl.c, ssd.c)")]
    public MediaDistribution Distribution { get; init; } = MediaDistribution.Constant;

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (ChannelBandwidth.BitsPerSecond <= 0) yield return new SpecProblem("channel_bandwidth", "channel_bandwidth must be positive");
    }
}
