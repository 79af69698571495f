namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// A device that asked for MSI/MSI-X but fell back to legacy INTx because interrupt remapping is on and the
/// device is in no remapping unit's device scope: Linux gives it no MSI irq domain (the seed's QEMU
/// bypass_iommu case). Data for the caller to report; the model prints nothing.
/// </summary>
/// <param name="RequesterId">The device.</param>
/// <param name="Device">Its name, e.g. <c>0000:00:03.0</c>.</param>
/// <param name="RequestedVectors">The MSI/MSI-X vectors it asked for.</param>
/// <param name="Line">The I/O APIC line it got instead.</param>
public sealed record MsiFallbackWarning(ushort RequesterId, string Device, int RequestedVectors, int Line)
{
    /// <summary>What happened and how to avoid it, in one sentence.</summary>
    public string Message =>
        $"{Device} is outside every interrupt remapping unit's device scope while interrupt remapping is on, so Linux " +
        $"gives it no MSI irq domain: its {RequestedVectors} MSI/MSI-X vector(s) fall back to one legacy INTx interrupt " +
        $"on shared I/O APIC line {Line}; set `intremap: false` in the host section (the kernel's intremap=off) to keep MSI, " +
        "or put the device in a remapping unit's scope";

    /// <summary>The <see cref="Message"/>.</summary>
    public override string ToString() => Message;
}
