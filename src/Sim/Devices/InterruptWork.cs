namespace IommuSim.Devices;

/// <summary>Where a driver does the work its device's interrupts start (the completions, the unmaps).</summary>
public enum InterruptWork
{
    /// <summary>In the hard interrupt handler, e.g. NVMe completions (nvme_irq) and a simple driver's handler.</summary>
    HardIrq,
    /// <summary>In a softirq the handler schedules, e.g. a NIC's NAPI poll (NET_RX_SOFTIRQ).</summary>
    SoftIrq,
}
