using IommuSim.Kernel;

namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// Where one interrupt's time went, from its request reaching the root complex (the device's own link
/// crossing is the PCIe model's) to its delivery, and for INTx to the end-of-interrupt that re-arms the line.
/// The parts add up to <see cref="Total"/>; parts a path does not take are zero.
/// </summary>
/// <param name="LineWait">INTx: waiting for the line's previous interrupt to be EOI'd (its Remote IRR).</param>
/// <param name="Route">INTx: the assertion's trip to the I/O APIC and its interrupt message's trip back.</param>
/// <param name="Lookup">The interrupt entry cache lookup.</param>
/// <param name="EntryFetch">Reading the IRTE from memory after a cache miss.</param>
/// <param name="DescriptorUpdate">Posted: the atomic update of the vCPU's posted-interrupt descriptor.</param>
/// <param name="Delivery">The interrupt message (or posted-interrupt notification) to the local APIC.</param>
/// <param name="SharedLinePoll">INTx: the other devices' handlers on the line reading their status registers.</param>
/// <param name="Eoi">INTx: the end-of-interrupt reaching the I/O APIC.</param>
public readonly record struct InterruptLatency(SimTime LineWait, SimTime Route, SimTime Lookup, SimTime EntryFetch,
    SimTime DescriptorUpdate, SimTime Delivery, SimTime SharedLinePoll, SimTime Eoi)
{
    /// <summary>The whole time.</summary>
    public SimTime Total => LineWait + Route + Lookup + EntryFetch + DescriptorUpdate + Delivery + SharedLinePoll + Eoi;
}
