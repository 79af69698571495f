using IommuSim.Iommu;

namespace IommuSim.Platform;

/// <summary>
/// One IOMMU unit and its device scope: every function of its segment that no other unit lists
/// (<see cref="IncludeAll"/>), or the functions it lists exactly and the subtrees it lists.
/// </summary>
public sealed class IommuUnit
{
    internal IommuUnit(string name, IommuKind kind, int segment, bool includeAll,
        IReadOnlyList<PciDevice> devices, IReadOnlyList<PciDevice> subtrees)
    {
        Name = name;
        Kind = kind;
        Segment = segment;
        IncludeAll = includeAll;
        Devices = devices;
        Subtrees = subtrees;
    }

    /// <summary>The unit's name.</summary>
    public string Name { get; }
    /// <summary>The unit's architecture.</summary>
    public IommuKind Kind { get; }
    /// <summary>The PCI segment it serves.</summary>
    public int Segment { get; }
    /// <summary>True when it takes every function of its segment no other unit lists.</summary>
    public bool IncludeAll { get; }
    /// <summary>Functions listed exactly.</summary>
    public IReadOnlyList<PciDevice> Devices { get; }
    /// <summary>Ports, bridges or functions listed with everything below them.</summary>
    public IReadOnlyList<PciDevice> Subtrees { get; }

    /// <summary>The ACPI table firmware describes this kind of unit in: DMAR, IVRS, IORT, or empty for generic.</summary>
    public string FirmwareTable => FirmwareTableOf(Kind);

    /// <summary>The ACPI table that describes units of <paramref name="kind"/>; empty for <see cref="IommuKind.Generic"/>.</summary>
    public static string FirmwareTableOf(IommuKind kind) => kind switch
    {
        IommuKind.IntelVtd => "DMAR",
        IommuKind.AmdVi => "IVRS",
        IommuKind.ArmSmmuV3 => "IORT",
        _ => "",
    };

    // A VF is matched through its PF (Linux's dmar_find_matched_drhd_unit uses pci_physfn).
    internal bool ListsExplicitly(PciDevice device)
    {
        var function = device.PhysicalFunctionOrSelf;
        foreach (var d in Devices)
            if (ReferenceEquals(d, function)) return true;
        foreach (var s in Subtrees)
            if (function.IsAtOrBelow(s)) return true;
        return false;
    }

    /// <summary>The name and kind, e.g. <c>dmar0 (IntelVtd)</c>.</summary>
    public override string ToString() => $"{Name} ({Kind})";
}
