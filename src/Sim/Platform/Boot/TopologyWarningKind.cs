namespace IommuSim.Platform;

/// <summary>The known configuration pitfalls a <see cref="TopologyReport"/> warns about.</summary>
public enum TopologyWarningKind
{
    /// <summary>
    /// A function outside every remapping unit's scope while interrupt remapping is on: Linux gives it no MSI
    /// irq domain, so MSI/MSI-X setup fails and it falls back to INTx through the IOAPIC (QEMU bypass_iommu with
    /// intremap on).
    /// </summary>
    MsiFallbackToIntx,
    /// <summary>A group whose functions have different owners (host driver, vfio-pci, VMs): it cannot be assigned whole.</summary>
    MixedGroupOwners,
}
