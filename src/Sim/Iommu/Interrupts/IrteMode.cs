namespace IommuSim.Iommu.Interrupts;

/// <summary>The IRTE mode bit (IM): how the unit delivers an interrupt that hits the entry.</summary>
public enum IrteMode : byte
{
    /// <summary>Remapped format: the entry names a physical CPU (destination ID) and vector.</summary>
    Remapped,
    /// <summary>Posted format: the entry names a vCPU's posted-interrupt descriptor and the guest's vector.</summary>
    Posted,
}
