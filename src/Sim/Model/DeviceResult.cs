namespace IommuSim.Model;

/// <summary>What one device did in the measured time of one replication (a row of <c>devices.csv</c>).</summary>
public sealed record DeviceResult
{
    /// <summary>The device's name.</summary>
    public required string Device { get; init; }

    /// <summary>Offered payload load, Gbit/s.</summary>
    public required double OfferedGbps { get; init; }

    /// <summary>Completed payload, Gbit/s over the measured time.</summary>
    public required double AchievedGbps { get; init; }

    /// <summary>Requests that arrived in the measured time.</summary>
    public required long Issued { get; init; }

    /// <summary>Requests whose data reached memory in the measured time.</summary>
    public required long Completed { get; init; }

    /// <summary>Requests aborted (IO page fault or failed map) in the measured time.</summary>
    public required long Aborted { get; init; }

    /// <summary>Per-request maps that failed in the measured time.</summary>
    public required long MapFailures { get; init; }

    /// <summary>Completion interrupts raised in the measured time.</summary>
    public required long Interrupts { get; init; }

    /// <summary>Translations of the device's 4 KiB pieces that the IOTLB answered.</summary>
    public required long IotlbHits { get; init; }

    /// <summary>Translations of the device's pieces that needed a page walk (their own or a shared one).</summary>
    public required long IotlbMisses { get; init; }

    /// <summary>Time-averaged requests between arrival and data in memory: with <see cref="Completed"/> per second
    /// and the mean <c>dma</c> latency, Little's law L = λW.</summary>
    public required double MeanInFlight { get; init; }

    /// <summary>The device's IOTLB hit rate; NaN without translated lookups.</summary>
    public double IotlbHitRate => IotlbHits + IotlbMisses == 0 ? double.NaN : (double)IotlbHits / (IotlbHits + IotlbMisses);
}
