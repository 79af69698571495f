namespace IommuSim.Iommu.Interrupts;

/// <summary>The outcome of one interrupt.</summary>
/// <param name="Path">How it travelled.</param>
/// <param name="Index">The IRTE it used (for INTx with remapping, the I/O APIC pin's), or -1.</param>
/// <param name="Line">INTx: the I/O APIC line (global system interrupt); -1 otherwise.</param>
/// <param name="Latency">Its time, part by part.</param>
public readonly record struct InterruptDelivery(InterruptPath Path, int Index, int Line, InterruptLatency Latency);
