using IommuSim.Platform;
using static IommuSim.Tests.Platform.BootFixture;
using static IommuSim.Tests.Platform.TopologyFixture;

namespace IommuSim.Tests.Platform;

/// <summary>
/// Each case is a topology and the groups Linux's pci_device_group makes for it (drivers/iommu/iommu.c),
/// worked out by hand in the comments. Group ids count from 0 in probe (enumeration) order.
/// </summary>
public class GroupFormationTests
{
    // Root port 00:01.0 -> switch upstream 01:00.0 -> downstream 02:00.0, 02:01.0 -> endpoints 03:00.0, 04:00.0.
    private static TopologySpec Switch(bool rootPortAcs, bool downstreamAcs) => Topology(
        RootPort("0000:00:01.0", rootPortAcs),
        UpstreamPort("0000:01:00.0", "0000:00:01.0"),
        DownstreamPort("0000:02:00.0", "0000:01:00.0", downstreamAcs),
        DownstreamPort("0000:02:01.0", "0000:01:00.0", downstreamAcs),
        Endpoint("0000:03:00.0", "0000:02:00.0", driver: "nvme"),
        Endpoint("0000:04:00.0", "0000:02:01.0", driver: "nvme"));

    [Fact]
    public void Switch_with_acs_on_its_downstream_ports_isolates_every_port_and_endpoint()
    {
        // Every function's path to the root is ACS-isolated: the root port and downstream ports have SV, RR,
        // CR and UF; the single-function upstream port needs none (pci_acs_enabled, PCIe 3.0 §6.12.1.2).
        // So nothing is pulled upward and each function gets its own group.
        Assert.Equal(
            ["0: 0000:00:01.0", "1: 0000:01:00.0", "2: 0000:02:00.0", "3: 0000:02:01.0", "4: 0000:03:00.0", "5: 0000:04:00.0"],
            Groups(Boot(Switch(rootPortAcs: true, downstreamAcs: true))));
    }

    [Fact]
    public void Switch_without_acs_on_its_downstream_ports_puts_each_endpoint_with_its_port()
    {
        // Endpoint 03:00.0: its bus's bridge is 02:00.0, which lacks ACS, so the path is not isolated and
        // the endpoint takes 02:00.0's group. The downstream ports themselves are judged from the bridge
        // above them, the upstream port: that path (upstream port, root port with ACS) is isolated, so
        // each downstream port heads a group of its own. pci_device_group looks only upstream, so the two
        // downstream ports are not merged with each other.
        Assert.Equal(
            ["0: 0000:00:01.0", "1: 0000:01:00.0", "2: 0000:02:00.0 0000:03:00.0", "3: 0000:02:01.0 0000:04:00.0"],
            Groups(Boot(Switch(rootPortAcs: true, downstreamAcs: false))));
    }

    [Fact]
    public void Switch_below_a_root_port_without_acs_is_one_group_with_the_root_port()
    {
        // The root port lacks ACS, so from every function below it the path to the root fails at the root
        // port: the upstream port joins the root port's group, and everything below follows.
        Assert.Equal(
            ["0: 0000:00:01.0 0000:01:00.0 0000:02:00.0 0000:02:01.0 0000:03:00.0 0000:04:00.0"],
            Groups(Boot(Switch(rootPortAcs: false, downstreamAcs: true))));
    }

    [Fact]
    public void Functions_behind_a_pcie_to_pci_bridge_share_the_bridge_group()
    {
        // pci_for_each_dma_alias: the bridge takes ownership of conventional PCI transactions with the alias
        // (secondary bus 02, 00.0), so every function behind it starts its search at the bridge and finds
        // the bridge's group, whatever ACS or multifunction say. The bridge itself is isolated by the root
        // port's ACS and gets its own group, which its functions join.
        var boot = Boot(Topology(
            RootPort("0000:00:01.0", acs: true),
            PciBridge("0000:01:00.0", "0000:00:01.0"),
            Endpoint("0000:02:01.0", "0000:01:00.0", driver: "e100"),
            Endpoint("0000:02:02.0", "0000:01:00.0"),
            Endpoint("0000:02:03.0", "0000:01:00.0"),
            Endpoint("0000:02:03.1", "0000:01:00.0"),
            RootPort("0000:00:02.0", acs: true),
            Endpoint("0000:03:00.0", "0000:00:02.0")));
        Assert.Equal(
            ["0: 0000:00:01.0", "1: 0000:00:02.0", "2: 0000:01:00.0 0000:02:01.0 0000:02:02.0 0000:02:03.0 0000:02:03.1", "3: 0000:03:00.0"],
            Groups(boot));
        Assert.All(boot.Groups[2].Devices.Skip(1), d => Assert.Equal(0x0200, d.RootRequesterId));
    }

    private static TopologySpec ThreeFunctions(bool f0Acs, bool f1Acs, bool f2Acs) => Topology(
        RootPort("0000:00:01.0", acs: true),
        Endpoint("0000:01:00.0", "0000:00:01.0", driver: "ixgbe", acs: f0Acs),
        Endpoint("0000:01:00.1", "0000:00:01.0", driver: "ixgbe", acs: f1Acs),
        Endpoint("0000:01:00.2", "0000:00:01.0", driver: "ixgbe", acs: f2Acs));

    [Fact]
    public void Multifunction_device_without_acs_is_one_group()
    {
        // The functions' path (root port with ACS) is isolated, but a function of a multifunction device
        // needs ACS itself (PCIe 3.0 §6.12.1.2); without it, get_pci_function_alias_group puts it with the
        // other non-isolated functions of the same slot.
        Assert.Equal(["0: 0000:00:01.0", "1: 0000:01:00.0 0000:01:00.1 0000:01:00.2"],
            Groups(Boot(ThreeFunctions(false, false, false))));
    }

    [Fact]
    public void Multifunction_device_with_acs_on_every_function_has_a_group_per_function()
    {
        Assert.Equal(["0: 0000:00:01.0", "1: 0000:01:00.0", "2: 0000:01:00.1", "3: 0000:01:00.2"],
            Groups(Boot(ThreeFunctions(true, true, true))));
    }

    [Fact]
    public void Multifunction_device_with_acs_on_some_functions_groups_only_the_functions_without()
    {
        // Linux groups "the lowest function of the slot that does not have ACS enabled" with the other
        // non-ACS functions (commit "Remove multifunction assumption around grouping"); function 0 with ACS
        // stands alone.
        Assert.Equal(["0: 0000:00:01.0", "1: 0000:01:00.0", "2: 0000:01:00.1 0000:01:00.2"],
            Groups(Boot(ThreeFunctions(true, false, false))));
    }

    [Fact]
    public void Sriov_virtual_functions_behind_acs_get_a_group_each_after_the_boot_groups()
    {
        // A VF is a single-function endpoint (Linux clears multifunction on VFs), its path (root port with
        // ACS) is isolated, so each VF gets its own group. VFs appear when SR-IOV is enabled, after the bus
        // scan, so their groups come after every scanned function's.
        var boot = Boot(Topology(
            RootPort("0000:00:01.0", acs: true),
            new EndpointSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0", Driver = "igb", Vfs = 4, VfDriver = "vfio-pci" },
            RootPort("0000:00:02.0", acs: true),
            Endpoint("0000:02:00.0", "0000:00:02.0", driver: "nvme")));
        Assert.Equal(
            ["0: 0000:00:01.0", "1: 0000:00:02.0", "2: 0000:01:00.0", "3: 0000:02:00.0",
             "4: 0000:01:10.0", "5: 0000:01:10.2", "6: 0000:01:10.4", "7: 0000:01:10.6"],
            Groups(boot));
    }

    [Fact]
    public void Sriov_virtual_functions_below_a_root_port_without_acs_join_the_root_port_group()
    {
        // Without ACS at the root port, the PF and every VF are pulled up into the root port's group.
        var boot = Boot(Topology(
            RootPort("0000:00:01.0", acs: false),
            new EndpointSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0", Vfs = 2 }));
        Assert.Equal(["0: 0000:00:01.0 0000:01:00.0 0000:01:10.0 0000:01:10.2"], Groups(boot));
    }

    [Fact]
    public void Virtual_functions_of_a_multifunction_pf_without_acs_are_still_isolated()
    {
        // A two-port NIC: PFs 01:00.0 and 01:00.1 without ACS share a group. VFs are not multifunction, so
        // get_pci_function_alias_group never looks at them; each stands alone. With offset 0x80 and stride
        // 2 the two PFs' VFs interleave: PF0 -> 01:10.0, 01:10.2; PF1 -> 01:10.1, 01:10.3.
        var boot = Boot(Topology(
            RootPort("0000:00:01.0", acs: true),
            new EndpointSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0", Vfs = 2 },
            new EndpointSpec { Bdf = "0000:01:00.1", Parent = "0000:00:01.0", Vfs = 2 }));
        Assert.Equal(
            ["0: 0000:00:01.0", "1: 0000:01:00.0 0000:01:00.1", "2: 0000:01:10.0", "3: 0000:01:10.2", "4: 0000:01:10.1", "5: 0000:01:10.3"],
            Groups(boot));
    }

    [Fact]
    public void Root_complex_integrated_endpoints_are_grouped_by_slot_acs()
    {
        // RCiEPs sit on the root bus, so no bridge is above them: only the multifunction rule applies.
        // 00:1f.0/.3/.4 lack ACS (a chipset's functions) and share a group; 00:02.0 is alone.
        var boot = Boot(Topology(
            Endpoint("0000:00:02.0", driver: "i915"),
            Endpoint("0000:00:1f.0"),
            Endpoint("0000:00:1f.3", driver: "snd_hda_intel"),
            Endpoint("0000:00:1f.4", driver: "i801_smbus")));
        Assert.Equal(["0: 0000:00:02.0", "1: 0000:00:1f.0 0000:00:1f.3 0000:00:1f.4"], Groups(boot));
    }

    [Fact]
    public void Acs_needs_all_four_controls_linux_requires()
    {
        // REQ_ACS_FLAGS is SV|RR|CR|UF: a root port with only RR and CR does not isolate, so the endpoint
        // below joins the root port's group.
        var boot = Boot(Topology(
            new RootPortSpec { Bdf = "0000:00:01.0", Acs = [AcsFlags.RequestRedirect, AcsFlags.CompletionRedirect] },
            Endpoint("0000:01:00.0", "0000:00:01.0"),
            new RootPortSpec { Bdf = "0000:00:02.0", Acs = [AcsFlags.SourceValidation, AcsFlags.RequestRedirect, AcsFlags.CompletionRedirect, AcsFlags.UpstreamForwarding] },
            Endpoint("0000:02:00.0", "0000:00:02.0")));
        Assert.Equal(["0: 0000:00:01.0 0000:01:00.0", "1: 0000:00:02.0", "2: 0000:02:00.0"], Groups(boot));
    }
}
