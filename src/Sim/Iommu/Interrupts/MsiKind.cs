namespace IommuSim.Iommu.Interrupts;

/// <summary>Which message-signalled interrupt capability a device uses.</summary>
public enum MsiKind : byte
{
    /// <summary>MSI: up to 32 vectors, one address and consecutive data values, so one aligned block of IRTEs.</summary>
    Msi,
    /// <summary>MSI-X: up to 2048 vectors, each with its own address and data, so one IRTE each.</summary>
    MsiX,
}
