namespace IommuSim.Devices;

/// <summary>
/// A device the model runs: it issues DMA once started and reports what it did through one generic path, its
/// <see cref="Counters"/>, <see cref="Latencies"/> and <see cref="Figures"/>, which the model turns into result rows.
/// A kind of device is a plug-in: its <see cref="DeviceSpec"/>, its model (this) and its <see cref="IDeviceFactory"/>.
/// </summary>
public interface IWorkloadDevice
{
    /// <summary>The device's name.</summary>
    string Name { get; }

    /// <summary>The host CPU its driver runs on; -1 when the driver is in a VM, whose CPUs are not modelled.</summary>
    int Cpu { get; }

    /// <summary>
    /// The load it offers, in payload bits per second, as built (a size distribution read from a file is known only
    /// then); by default its spec's <see cref="DeviceSpec.OfferedBitsPerSecond"/>.
    /// </summary>
    double? OfferedBitsPerSecond => null;

    /// <summary>
    /// Who its driver's work runs as, for the contexts of trace lines; by default a task named after the device,
    /// with the interrupt's work in the hard interrupt handler.
    /// </summary>
    DriverTasks Driver => DriverTasks.NamedAfter(Name, InterruptWork.HardIrq);

    /// <summary>Begins issuing (schedules the first arrival).</summary>
    void Start();

    /// <summary>Clears counters and histograms at the end of warm-up; work in flight still completes.</summary>
    void ResetStatistics();

    /// <summary>The counters every device keeps, since the last reset.</summary>
    DeviceCounters Counters { get; }

    /// <summary>The latencies it records; the first is its headline latency (<c>dma</c> for a DMA stream).</summary>
    IReadOnlyList<DeviceLatency> Latencies { get; }

    /// <summary>Figures particular to its kind, since the last reset, in a fixed order; none for most.</summary>
    IReadOnlyList<DeviceFigure> Figures();
}
