namespace IommuSim.Iommu.Interrupts;

/// <summary>How Linux set up a device's interrupts.</summary>
public enum InterruptMode : byte
{
    /// <summary>MSI/MSI-X in remappable format, through its unit's remapping table.</summary>
    RemappedMsi,
    /// <summary>MSI/MSI-X in compatibility format (interrupt remapping off).</summary>
    CompatibilityMsi,
    /// <summary>One legacy INTx interrupt on an I/O APIC line.</summary>
    Intx,
}
