using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// The I/O APIC that carries legacy PCI INTx interrupts, and what a level-triggered, possibly shared line
/// costs. Scenario section <c>platform.ioapic</c>.
/// </summary>
/// <remarks>
/// The latencies are PCIe-like link crossings between the CPU's root complex and the chipset holding the
/// I/O APIC, priced from the same measurement as the other link round trips of the model (pcie-bench).
/// </remarks>
public sealed record IoApicParams : IValidatableSpec
{
    /// <summary>The first global system interrupt that PCI INTx lines use; 0 to 15 are the ISA IRQs.</summary>
    public const int FirstPciLine = 16;

    /// <summary>PCI INTx lines the default routing spreads devices over (PIRQA to PIRQD).</summary>
    public const int PciRoutingLines = 4;

    // pcie-bench: NFP6000 on Xeon E5-2630v4, 64 B DMA read median 600 ns (lat_dma_sweep_rd_rnd_64, IOMMU off).
    private const string RoundTrip =
        "pcie-bench data (Neugebauer et al., SIGCOMM 2018), NFP6000 on Xeon E5-2630v4, 64 B DMA read median 600 ns";

    /// <summary>Redirection-table entries (input pins).</summary>
    [Param("pins", "Redirection-table entries (input pins) of the I/O APIC; PCI INTx lines start at pin 16.",
        Source = "Intel 82093AA I/O APIC datasheet: 24 interrupt inputs, each with a redirection-table entry; " +
                 "ICH/PCH route PIRQA-H to inputs 16-23",
        Min = FirstPciLine + PciRoutingLines, Max = 256)]
    public int Pins { get; init; } = 24;

    /// <summary>From the INTx assertion reaching the root complex to the I/O APIC's interrupt message coming back.</summary>
    [Param("route_latency", "Time from a device's Assert_INTx message reaching the root complex until the I/O APIC's " +
                            "interrupt message comes back to it (one trip down to the chipset and one up).",
        Source = "convention: two link crossings, priced as one PCIe round trip: " + RoundTrip + "; no published figure for the INTx path", Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime RouteLatency { get; init; } = SimTime.FromNanoseconds(600);

    /// <summary>One handler on a shared line reading its device's interrupt status register.</summary>
    [Param("poll_latency", "Time one handler on a shared INTx line spends reading its device's interrupt status register " +
                           "(an uncached MMIO read: a non-posted PCIe round trip).",
        Source = "convention: a non-posted read priced as one PCIe round trip: " + RoundTrip + "; Linux calls every handler " +
                 "registered on the line (kernel/irq/handle.c, __handle_irq_event_percpu), and each reads its device (e1000_intr: ICR)",
        Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime PollLatency { get; init; } = SimTime.FromNanoseconds(600);

    /// <summary>The end-of-interrupt reaching the I/O APIC, which re-arms the level-triggered line.</summary>
    [Param("eoi_latency", "Time for the end-of-interrupt to reach the I/O APIC and clear the line's Remote IRR " +
                          "(one link crossing from the CPU down to the chipset).",
        Source = "convention: one link crossing, half a PCIe round trip: " + RoundTrip, Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime EoiLatency { get; init; } = SimTime.FromNanoseconds(300);

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (Pins is < FirstPciLine + PciRoutingLines or > 256)
            yield return new SpecProblem("pins",
                $"pins must be {FirstPciLine + PciRoutingLines} to 256 (PCI INTx lines start at pin {FirstPciLine}), got {Pins}");
        (string Key, SimTime Value)[] latencies =
            [("route_latency", RouteLatency), ("poll_latency", PollLatency), ("eoi_latency", EoiLatency)];
        foreach (var (key, value) in latencies)
            if (value.Picoseconds < 0) yield return new SpecProblem(key, $"{key} cannot be negative");
    }
}
