using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// A function that does DMA (<c>type: endpoint</c>): a PCIe endpoint below a root or downstream port, a
/// root-complex integrated endpoint on a root bus, or a conventional PCI function behind a PCIe-to-PCI
/// bridge. Several functions of one device (same bus and device number) make a multifunction device.
/// With <c>vfs</c> above 0 it is an SR-IOV physical function with that many virtual functions enabled.
/// </summary>
[SpecVariant("endpoint")]
public sealed record EndpointSpec : PciDeviceSpec
{
    /// <summary>SR-IOV virtual functions enabled (0: not SR-IOV, or SR-IOV disabled).</summary>
    [Param("vfs", "SR-IOV virtual functions enabled on this physical function; 0 for none.",
        Source = "sriov_numvfs is 0 until written (Documentation/PCI/pci-iov-howto.rst)", Min = 0, Max = 65535)]
    public int Vfs { get; init; }

    /// <summary>First VF Offset: routing ID of VF 1 minus the PF's.</summary>
    [Param("vf_offset", "SR-IOV First VF Offset: routing ID distance from the PF to VF 1.",
        Source = "Intel 82576 datasheet §9.6.4.6 (FVO 0x80), as QEMU hw/net/igb emulates it", Min = 1, Max = 65535)]
    public int VfOffset { get; init; } = 0x80;

    /// <summary>VF Stride: routing ID distance between consecutive VFs.</summary>
    [Param("vf_stride", "SR-IOV VF Stride: routing ID distance between consecutive VFs.",
        Source = "Intel 82576 datasheet §9.6.4.6 (VFS 2), as QEMU hw/net/igb emulates it", Min = 1, Max = 65535)]
    public int VfStride { get; init; } = 2;

    /// <summary>The driver every VF is bound to: a host VF driver, vfio-pci, or empty for none.</summary>
    [Param("vf_driver", "Driver bound to each virtual function: a host VF driver (e.g. ixgbevf), vfio-pci, or empty for none.")]
    public string VfDriver { get; init; } = "";
}
