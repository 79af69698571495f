using IommuSim.Devices;

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

    /// <summary>The host CPU its driver runs on; -1 for a device whose driver is in a VM (its CPUs are not modelled).</summary>
    public int Cpu { get; init; } = -1;

    /// <summary>Mean <c>dma</c> latency of the requests completed in the first half of the measured time, picoseconds; NaN for none.</summary>
    public double FirstHalfMeanPs { get; init; } = double.NaN;

    /// <summary>Mean <c>dma</c> latency of the requests completed in the second half, picoseconds; NaN for none.</summary>
    public double SecondHalfMeanPs { get; init; } = double.NaN;

    /// <summary>Requests completed in the first half and in the second half of the measured time.</summary>
    public (long First, long Second) HalfCounts { get; init; }

    /// <summary>Figures particular to the device's kind (drops by cause, packets per second), in the device's order; none for most.</summary>
    public IReadOnlyList<DeviceFigure> Figures { get; init; } = [];

    /// <summary>The device's IOTLB hit rate; NaN without translated lookups.</summary>
    public double IotlbHitRate => IotlbHits + IotlbMisses == 0 ? double.NaN : (double)IotlbHits / (IotlbHits + IotlbMisses);
}
