using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Platform;

namespace IommuSim.Devices;

/// <summary>
/// What the system connects a device to when its factory builds it: the PCI function it is, the IOMMU that
/// translates its DMA, its interrupts, memory and, for a driver on the host, the DMA API and its CPU.
/// </summary>
public sealed record DeviceContext
{
    /// <summary>The simulation.</summary>
    public required Simulation Simulation { get; init; }

    /// <summary>The device's own random-stream family.</summary>
    public required RandomStreams Streams { get; init; }

    /// <summary>The device's index in the scenario's <c>devices</c> (for keys in messages: <c>devices.N</c>).</summary>
    public required int Index { get; init; }

    /// <summary>The PCI function the device is.</summary>
    public required PciDevice Function { get; init; }

    /// <summary>The requester id the IOMMU sees (the DMA alias).</summary>
    public required ushort RequesterId { get; init; }

    /// <summary>The translating unit, or null when the device's DMA is not translated.</summary>
    public TranslationUnit? Iommu { get; init; }

    /// <summary>Interrupt delivery; the device's vectors (<see cref="DeviceSpec.InterruptVectors"/>) are set up.</summary>
    public required InterruptRemapper Interrupts { get; init; }

    /// <summary>The memory system's latencies.</summary>
    public required MemoryParams Memory { get; init; }

    /// <summary>The root complex's buffers and memory latencies; the device has a root port of its own.</summary>
    public required Pcie.RootComplexParams RootComplex { get; init; }

    /// <summary>The directory relative file names of the device's spec are read against; null for the working directory.</summary>
    public string? ScenarioDirectory { get; init; }

    /// <summary>Where its buffers go: host memory, or its VM's RAM.</summary>
    public required DeviceMemory Buffers { get; init; }

    /// <summary>The DMA API its driver maps through; null for a driver in a VM.</summary>
    public DmaApi? Dma { get; init; }

    /// <summary>The device as the DMA API knows it; null for a driver in a VM.</summary>
    public DmaDevice? DmaDevice { get; init; }

    /// <summary>The host CPU its driver runs on by default (device index modulo the CPUs).</summary>
    public int Cpu { get; init; }

    /// <summary>
    /// The DMA API and the device as it knows it, for a kind whose driver is modelled only on the host; for a device
    /// assigned to a VM a setup error at its <c>devices.N</c> key, naming <paramref name="name"/>.
    /// </summary>
    /// <exception cref="Parameters.ScenarioSetupException">The device is assigned to a VM.</exception>
    public (DmaApi Dma, DmaDevice Device) HostDriver(string name)
    {
        if (InGuest || Dma is null || DmaDevice is null)
            throw new Parameters.ScenarioSetupException($"devices.{Index}",
                $"{name} is assigned to a VM, but this kind of device's driver is modelled on the host only (a guest's CPUs are not simulated); expected it on the host");
        return (Dma, DmaDevice);
    }

    /// <summary>True when the device is assigned to a VM: its driver is in the guest and maps nothing per request.</summary>
    public bool InGuest => Buffers.InGuest;
}
