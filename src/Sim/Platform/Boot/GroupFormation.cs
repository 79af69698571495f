namespace IommuSim.Platform;

/// <summary>
/// Linux's PCI group rules (<c>pci_device_group</c> in drivers/iommu/iommu.c), applied one function at a
/// time in probe order, each seeing only the groups made before it:
/// <list type="number">
/// <item>DMA aliases: a function behind a PCIe-to-PCI bridge is seen as the bridge, so it starts from the bridge
/// (<c>pci_for_each_dma_alias</c>); the bridge's group is its group.</item>
/// <item>ACS: going up from there, the first bridge or port from which the path to the root is not ACS-isolated
/// takes the function into its group (<c>pci_acs_path_enabled</c> with REQ_ACS_FLAGS = SV|RR|CR|UF).</item>
/// <item>Multifunction: a function of a multifunction device without ACS joins any other function of the same
/// device that lacks ACS too (<c>get_pci_function_alias_group</c>).</item>
/// <item>Otherwise a new group.</item>
/// </list>
/// Explicit DMA-alias quirks (<c>pci_add_dma_alias</c>) and device-specific ACS quirks are not modeled:
/// declare the ACS controls a quirk would report instead.
/// </summary>
internal sealed class GroupFormation
{
    private readonly Dictionary<PciDevice, IommuGroup> _groupOf = [];
    private readonly List<IommuGroup> _groups = [];

    public IReadOnlyList<IommuGroup> Groups => _groups;

    public IommuGroup? GroupOf(PciDevice device) => _groupOf.GetValueOrDefault(device);

    /// <summary>Puts <paramref name="device"/> in its group; true when the group is new.</summary>
    public (IommuGroup Group, bool IsNew) Add(PciDevice device)
    {
        var group = Find(device);
        bool isNew = group is null;
        if (group is null)
        {
            group = new IommuGroup(_groups.Count);   // ids from 0 in probe order, like Linux's group ida
            _groups.Add(group);
        }
        group.Add(device);
        _groupOf.Add(device, group);
        return (group, isNew);
    }

    private IommuGroup? Find(PciDevice device)
    {
        // 1. The alias walk ends at the PCIe-to-PCI bridge nearest the root, if any; ports keep the requester ID.
        var pdev = device;
        for (var bus = device.Bus; !bus.IsRoot; bus = bus.Parent!)
        {
            if (bus.Bridge is not { Type: PciDeviceType.PcieToPciBridge } bridge) continue;
            pdev = bridge;
            if (GroupOf(bridge) is { } aliased) return aliased;
        }

        // 2. Up to where peer-to-peer is stopped by ACS all the way to the root.
        for (var bus = pdev.Bus; !bus.IsRoot; bus = bus.Parent!)
        {
            if (bus.Bridge is not { } bridge) continue;   // a VF's virtual bus has no bridge
            if (AcsPathEnabled(bridge)) break;
            pdev = bridge;
            if (GroupOf(bridge) is { } upstream) return upstream;
        }

        // 3. Its own group if it has one (it aliases itself), else a non-isolated sibling function's.
        var visited = new HashSet<byte>();
        return AliasGroup(pdev, visited) ?? FunctionAliasGroup(pdev, visited);
    }

    // get_pci_alias_group without explicit alias quirks: the function's own group, once per devfn.
    private IommuGroup? AliasGroup(PciDevice pdev, HashSet<byte> visited) =>
        visited.Add(pdev.Address.DevFn) ? GroupOf(pdev) : null;

    private IommuGroup? FunctionAliasGroup(PciDevice pdev, HashSet<byte> visited)
    {
        if (!pdev.IsMultifunction || AcsEnabled(pdev)) return null;
        foreach (var other in pdev.Bus.Devices)
        {
            if (ReferenceEquals(other, pdev) || !other.Address.IsSameSlot(pdev.Address) || AcsEnabled(other)) continue;
            if (AliasGroup(other, visited) is { } group) return group;
        }
        return null;
    }

    /// <summary>
    /// pci_acs_path_enabled(start, NULL, REQ_ACS_FLAGS): <paramref name="start"/> and every bridge above it up
    /// to the root bus are ACS-isolated.
    /// </summary>
    internal static bool AcsPathEnabled(PciDevice start)
    {
        for (PciDevice? d = start; d is not null; d = d.UpstreamBridge)
            if (!AcsEnabled(d)) return false;
        return true;
    }

    /// <summary>
    /// pci_acs_enabled(dev, REQ_ACS_FLAGS): whether a function isolates peer-to-peer traffic. Conventional PCI
    /// and PCIe-to-PCI bridges never do; root and downstream ports do when SV, RR, CR and UF are all in effect;
    /// other PCIe functions need ACS only when part of a multifunction device (PCIe Base 3.0 §6.12.1.2).
    /// </summary>
    internal static bool AcsEnabled(PciDevice device) => device.Type switch
    {
        PciDeviceType.ConventionalPciDevice or PciDeviceType.PcieToPciBridge => false,
        PciDeviceType.RootPort or PciDeviceType.SwitchDownstreamPort => Isolating(device),
        _ => !device.IsMultifunction || Isolating(device),
    };

    private static bool Isolating(PciDevice device) => (device.Acs & AcsFlags.Isolating) == AcsFlags.Isolating;
}
