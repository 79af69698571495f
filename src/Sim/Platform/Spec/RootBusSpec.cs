using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// A root bus of a PCI host bridge (in QEMU terms the main <c>pcie.0</c> bus or a <c>pxb-pcie</c>
/// expander), optionally bypassing the IOMMU like QEMU's <c>bypass_iommu</c> property.
/// </summary>
public sealed record RootBusSpec
{
    /// <summary>The root bus, segment:bus.</summary>
    [Param("bus", "Root bus as segment:bus in hex, e.g. 0000:00 or 0000:80.", Source = "PCI convention: segment 0, bus 0 is the first root bus")]
    public string Bus { get; init; } = "0000:00";

    /// <summary>
    /// True when DMA from everything below this root bypasses the IOMMU: its devices are in no IOMMU
    /// unit's scope, get no group and are not translated (QEMU docs/bypass-iommu.txt).
    /// </summary>
    [Param("bypass_iommu", "True: devices below this root bus are in no IOMMU unit's scope and DMA untranslated (QEMU bypass_iommu).",
        Source = "QEMU default: bypass_iommu=off, every bus is behind the vIOMMU")]
    public bool BypassIommu { get; init; }
}
