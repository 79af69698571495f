namespace IommuSim.Platform;

/// <summary>
/// The SR-IOV capability of a physical function with its virtual functions enabled: VF n (from 1) has
/// routing ID PF + <see cref="FirstVfOffset"/> + (n - 1) × <see cref="VfStride"/> (PCIe SR-IOV 1.1 §3.3.10-11;
/// Linux pci_iov_virtfn_bus / pci_iov_virtfn_devfn).
/// </summary>
/// <param name="VfCount">Virtual functions enabled (NumVFs).</param>
/// <param name="FirstVfOffset">First VF Offset, in routing IDs from the PF.</param>
/// <param name="VfStride">VF Stride, in routing IDs between consecutive VFs.</param>
/// <param name="VfDriver">The driver every VF is bound to.</param>
public sealed record SriovCapability(int VfCount, int FirstVfOffset, int VfStride, DriverBinding VfDriver)
{
    /// <summary>The routing ID of VF <paramref name="vfNumber"/> (1-based) of the PF at <paramref name="pf"/>; may pass 0xffff.</summary>
    public int VfRequesterId(PciAddress pf, int vfNumber) => pf.RequesterId + FirstVfOffset + (vfNumber - 1) * VfStride;
}
