namespace IommuSim.Iommu.Interrupts;

/// <summary>How one interrupt reached (or failed to reach) its CPU.</summary>
public enum InterruptPath : byte
{
    /// <summary>A compatibility-format MSI straight to the local APIC (interrupt remapping off).</summary>
    Compatibility,
    /// <summary>A remappable MSI through a remapped-format IRTE to a physical CPU.</summary>
    Remapped,
    /// <summary>A remappable MSI through a posted-format IRTE into a vCPU's posted-interrupt descriptor.</summary>
    Posted,
    /// <summary>Legacy INTx through the I/O APIC on a shared, level-triggered line.</summary>
    Intx,
    /// <summary>Blocked by the remapping unit: index beyond the table, entry not present, or wrong requester.</summary>
    Blocked,
}
