using IommuSim.Iommu;

namespace IommuSim.Host.Vfio;

/// <summary>Where QEMU puts a VM's RAM in guest-physical space, for the machine type each IOMMU kind implies.</summary>
public static class GuestRamLayout
{
    private const ulong FourGiB = 1UL << 32;
    private const ulong OneTiB = 1UL << 40;

    /// <summary>The RAM regions of a VM with <paramref name="ramBytes"/> of RAM on a host with <paramref name="kind"/>.</summary>
    /// <remarks>
    /// x86 (q35, hw/i386/pc_q35.c): RAM below 4 GiB stops at 2 GiB when the VM has 2.75 GiB or more
    /// (1 GiB aligned, so 1 GiB host pages stay aligned), else at 2.75 GiB; the rest starts at 4 GiB, above the
    /// 32-bit MMIO hole and the MSI window. On AMD hosts, when that would reach the HyperTransport range
    /// (0xfd_0000_0000), QEMU moves it to 1 TiB (hw/i386/pc.c, since 7.1). Arm (virt, hw/arm/virt.c): one
    /// region from 1 GiB. Generic: one region from 0. The small holes below 1 MiB (VGA, option ROMs) are not modeled.
    /// </remarks>
    public static IReadOnlyList<GuestRamRegion> For(IommuKind kind, ulong ramBytes)
    {
        if (ramBytes == 0) throw new ArgumentOutOfRangeException(nameof(ramBytes), "a VM needs RAM");
        switch (kind)
        {
            case IommuKind.IntelVtd or IommuKind.AmdVi:
                ulong lowmem = ramBytes >= 0xb000_0000 ? 0x8000_0000 : 0xb000_0000;
                if (ramBytes <= lowmem) return [new GuestRamRegion(0, ramBytes, 0)];
                ulong high = ramBytes - lowmem;
                ulong highStart = kind == IommuKind.AmdVi && FourGiB + high > 0xfd_0000_0000 ? OneTiB : FourGiB;
                return [new GuestRamRegion(0, lowmem, 0), new GuestRamRegion(highStart, high, lowmem)];
            case IommuKind.ArmSmmuV3:
                return [new GuestRamRegion(0x4000_0000, ramBytes, 0)];
            default:
                return [new GuestRamRegion(0, ramBytes, 0)];
        }
    }
}
