using IommuSim.Platform;
using static IommuSim.Tests.Platform.TopologyFixture;

namespace IommuSim.Tests.Platform;

public class PciTopologyTests
{
    [Fact]
    public void Enumeration_follows_linux_bus_scan_not_declaration_order()
    {
        // Declared out of order on purpose. Linux adds a bus's functions in devfn order, then descends into
        // each bridge in turn (pci_scan_child_bus): bus 00 first, then 00:01.0's subtree, then 00:02.0's.
        var topology = PciTopology.FromSpec(Topology(
            Endpoint("0000:05:00.0", "0000:03:01.0"),
            Endpoint("0000:00:1f.0"),
            DownstreamPort("0000:03:01.0", "0000:02:00.0", acs: true),
            RootPort("0000:00:02.0", acs: true),
            Endpoint("0000:04:00.0", "0000:03:00.0"),
            UpstreamPort("0000:02:00.0", "0000:00:02.0"),
            DownstreamPort("0000:03:00.0", "0000:02:00.0", acs: true),
            RootPort("0000:00:01.0", acs: true),
            Endpoint("0000:01:00.0", "0000:00:01.0")));

        Assert.Equal(
            ["0000:00:01.0", "0000:00:02.0", "0000:00:1f.0", "0000:01:00.0", "0000:02:00.0", "0000:03:00.0", "0000:03:01.0",
             "0000:04:00.0", "0000:05:00.0"],
            topology.Devices.Select(d => d.Name));
        var sw = topology.Get(PciAddress.Parse("0000:02:00.0"));
        Assert.Equal(PciDeviceType.SwitchUpstreamPort, sw.Type);
        Assert.Equal("0000:03", sw.SecondaryBus!.ToString());
        Assert.Equal(["0000:03:00.0", "0000:03:01.0"], sw.SecondaryBus.Devices.Select(d => d.Name));
        Assert.Equal("0000:00:02.0", sw.UpstreamBridge!.Name);
        Assert.Equal(PciDeviceType.RootComplexIntegratedEndpoint, topology.Get(PciAddress.Parse("0000:00:1f.0")).Type);
        Assert.Equal(PciDeviceType.Endpoint, topology.Get(PciAddress.Parse("0000:04:00.0")).Type);
        Assert.True(topology.Get(PciAddress.Parse("0000:04:00.0")).IsAtOrBelow(sw));
        Assert.False(topology.Get(PciAddress.Parse("0000:01:00.0")).IsAtOrBelow(sw));
    }

    [Fact]
    public void Functions_of_one_device_are_multifunction_and_port_drivers_default_to_pcieport()
    {
        var topology = PciTopology.FromSpec(Topology(
            RootPort("0000:00:01.0", acs: true),
            Endpoint("0000:01:00.0", "0000:00:01.0", driver: "ixgbe"),
            Endpoint("0000:01:00.1", "0000:00:01.0"),
            RootPort("0000:00:02.0", acs: true),
            Endpoint("0000:02:00.0", "0000:00:02.0", driver: "nvme")));
        Assert.True(topology.Get(PciAddress.Parse("0000:01:00.0")).IsMultifunction);
        Assert.True(topology.Get(PciAddress.Parse("0000:01:00.1")).IsMultifunction);
        Assert.False(topology.Get(PciAddress.Parse("0000:02:00.0")).IsMultifunction);
        Assert.Equal("pcieport", topology.Get(PciAddress.Parse("0000:00:01.0")).Driver.Name);
        Assert.Equal("ixgbe", topology.Get(PciAddress.Parse("0000:01:00.0")).Driver.Name);
        Assert.True(topology.Get(PciAddress.Parse("0000:01:00.1")).Driver.IsUnbound);
        Assert.Equal("pci", topology.Get(PciAddress.Parse("0000:01:00.1")).Driver.TraceName);
    }

    [Fact]
    public void Virtual_functions_take_routing_ids_from_offset_and_stride_and_come_after_the_scan()
    {
        // Defaults: First VF Offset 0x80, VF Stride 2 (82576). PF 01:00.0 = RID 0x0100, so VF n has
        // RID 0x0180 + 2(n-1): 01:10.0, 01:10.2, 01:10.4, 01:10.6.
        var topology = PciTopology.FromSpec(Topology(
            RootPort("0000:00:01.0", acs: true),
            new EndpointSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0", Driver = "igb", Vfs = 4, VfDriver = "vfio-pci" },
            RootPort("0000:00:02.0", acs: true),
            Endpoint("0000:02:00.0", "0000:00:02.0")));
        Assert.Equal(
            ["0000:00:01.0", "0000:00:02.0", "0000:01:00.0", "0000:02:00.0", "0000:01:10.0", "0000:01:10.2", "0000:01:10.4", "0000:01:10.6"],
            topology.Devices.Select(d => d.Name));
        var pf = topology.Get(PciAddress.Parse("0000:01:00.0"));
        Assert.Equal(4, pf.Sriov!.VfCount);
        Assert.Equal([1, 2, 3, 4], pf.VirtualFunctions.Select(v => v.VfNumber));
        Assert.All(pf.VirtualFunctions, vf =>
        {
            Assert.Equal(PciDeviceType.VirtualFunction, vf.Type);
            Assert.Same(pf, vf.PhysicalFunction);
            Assert.Same(pf.Bus, vf.Bus);
            Assert.True(vf.Driver.IsVfioPci);
            Assert.False(vf.IsMultifunction);
        });
    }

    [Fact]
    public void Virtual_functions_past_the_pf_bus_live_on_a_virtual_bus_without_a_bridge()
    {
        // PF 01:00.0 (RID 0x0100) with offset 0x100: VF 1 is RID 0x0200 = 02:00.0, on a bus no bridge owns;
        // Linux adds it as a child bus of the PF's bus with no bridge (virtfn_add_bus).
        var topology = PciTopology.FromSpec(Topology(
            RootPort("0000:00:01.0", acs: true),
            new EndpointSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0", Vfs = 2, VfOffset = 0x100, VfStride = 1 },
            RootPort("0000:00:02.0", acs: true),
            Endpoint("0000:03:00.0", "0000:00:02.0")));
        var vf = topology.Get(PciAddress.Parse("0000:02:00.0"));
        Assert.Null(vf.Bus.Bridge);
        Assert.False(vf.Bus.IsRoot);
        Assert.Equal("0000:01", vf.Bus.Parent!.ToString());
        Assert.Equal("0000:00:01.0", vf.UpstreamBridge!.Name);
        Assert.Equal("0000:02:00.1", topology.Get(PciAddress.Parse("0000:02:00.1")).Name);
    }

    [Fact]
    public void Functions_behind_a_pcie_to_pci_bridge_reach_the_root_with_the_bridge_alias()
    {
        // PCIe-to-PCI bridge spec 1.0 §2.3, Linux pci_for_each_dma_alias: the bridge substitutes
        // (secondary bus, 00.0); with two bridges stacked, the one nearest the root wins.
        var topology = PciTopology.FromSpec(Topology(
            RootPort("0000:00:01.0", acs: true),
            PciBridge("0000:01:00.0", "0000:00:01.0"),
            Endpoint("0000:02:03.0", "0000:01:00.0"),
            PciBridge("0000:00:1e.0"),
            Endpoint("0000:05:01.0", "0000:00:1e.0"),
            RootPort("0000:00:02.0", acs: true),
            Endpoint("0000:06:00.0", "0000:00:02.0")));
        var behind = topology.Get(PciAddress.Parse("0000:02:03.0"));
        Assert.Equal(PciDeviceType.ConventionalPciDevice, behind.Type);
        Assert.False(behind.IsPcie);
        Assert.Equal(0x0200, behind.RootRequesterId);
        Assert.Equal(0x0500, topology.Get(PciAddress.Parse("0000:05:01.0")).RootRequesterId);
        // Ports forward requester IDs unchanged.
        Assert.Equal(0x0600, topology.Get(PciAddress.Parse("0000:06:00.0")).RootRequesterId);
        Assert.Equal(0x0100, topology.Get(PciAddress.Parse("0000:01:00.0")).RootRequesterId);
    }

    public static TheoryData<PciDeviceSpec[], string, string> BadTopologies => new()
    {
        { [Endpoint("0000:01:00.0", "0000:00:09.0")], "devices.0.parent", "there is no device 0000:00:09.0" },
        { [Endpoint("0000:00:02.0"), Endpoint("0000:01:00.0", "0000:00:02.0")], "devices.1.parent", "an endpoint cannot sit below an endpoint (0000:00:02.0)" },
        { [RootPort("0000:00:01.0", true), new RootPortSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0" }], "devices.1.parent", "a root port sits on a root bus" },
        { [UpstreamPort("0000:01:00.0", "")], "devices.0.parent", "a switch upstream port sits below a root port or a switch downstream port" },
        { [Endpoint("0000:07:00.0")], "devices.0.parent", "bus 0000:07 is not in root_buses" },
        { [RootPort("0000:00:01.0", true), Endpoint("0000:00:03.0", "0000:00:01.0")], "devices.1.bdf", "its bus 0000:00 is a root bus" },
        { [PciBridge("0000:00:1e.0"), Endpoint("0000:05:00.0", "0000:00:1e.0"), Endpoint("0000:06:00.0", "0000:00:1e.0")],
            "devices.2.bdf", "the functions below a bridge share its secondary bus" },
        { [RootPort("0000:00:01.0", true), Endpoint("0000:01:01.0", "0000:00:01.0")], "devices.1.bdf", "whose PCIe link carries one device: device 0" },
        { [RootPort("0000:00:01.0", true), Endpoint("0000:01:00.0", "0000:00:01.0"), RootPort("0000:00:02.0", true), Endpoint("0000:01:00.1", "0000:00:02.0")],
            "devices.3.bdf", "bus 0000:01 is the secondary bus of both" },
        { [RootPort("0000:00:01.0", true), Endpoint("0000:01:00.3", "0000:00:01.0")], "devices.1.bdf", "a device without function 0" },
        { [PciBridge("0000:00:1e.0"), new EndpointSpec { Bdf = "0000:05:00.0", Parent = "0000:00:1e.0", Acs = Acs }], "devices.1.acs", "ACS never applies" },
        { [new PcieToPciBridgeSpec { Bdf = "0000:00:1e.0", Acs = Acs }], "devices.0.acs", "a PCIe-to-PCI bridge" },
        { [PciBridge("0000:00:1e.0"), new EndpointSpec { Bdf = "0000:05:00.0", Parent = "0000:00:1e.0", Vfs = 2 }], "devices.1.vfs", "SR-IOV needs PCI Express" },
        { [RootPort("0000:00:01.0", true), new EndpointSpec { Bdf = "0000:ff:00.0", Parent = "0000:00:01.0", Vfs = 100 }], "devices.1.vfs", "VF 100 would need routing ID 0x10046, past 0xffff" },
        { [RootPort("0000:00:01.0", true), new EndpointSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0", Vfs = 2, VfOffset = 1, VfStride = 1 },
            Endpoint("0000:01:00.2", "0000:00:01.0")], "devices.1.vfs", "VF 2 of 0000:01:00.0 would be 0000:01:00.2, which is already 0000:01:00.2" },
        { [RootPort("0000:00:01.0", true), new EndpointSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0", Vfs = 1, VfOffset = 0x108 },
            RootPort("0000:00:02.0", true), Endpoint("0000:02:00.0", "0000:00:02.0")], "devices.1.vfs", "would be 0000:02:01.0, on bus 0000:02, which a bridge or root already owns" },
        { [DownstreamPort("0000:02:00.0", "0000:01:00.0", true), UpstreamPort("0000:01:00.0", "0000:02:00.0")], "devices.0.parent", "parents form a cycle" },
        { [Endpoint("0000:00:02.0"), Endpoint("0000:00:02.0")], "devices.1.bdf", "0000:00:02.0 is declared twice (also devices.0)" },
        { [Endpoint("0000:00:2.0.1")], "devices.0.bdf", "is not a PCI address" },
        { [RootPort("0000:00:01.0", true), UpstreamPort("0000:01:00.0", "0000:00:01.0"), DownstreamPort("0000:02:00.0", "0000:01:00.0", true),
            Endpoint("0000:05:00.0", "0000:02:00.0"), RootPort("0000:00:02.0", true), Endpoint("0000:03:00.0", "0000:00:02.0")],
            "devices", "the bus ranges of 0000:00:01.0 [01-05] and 0000:00:02.0 [03-03] overlap" },
    };

    [Theory]
    [MemberData(nameof(BadTopologies))]
    public void Inconsistent_topologies_are_refused_with_the_key_and_the_reason(PciDeviceSpec[] devices, string key, string reason)
    {
        var problems = Problems(Topology(devices));
        Assert.Contains(problems, p => p.Key == key && p.Message.Contains(reason, StringComparison.Ordinal));
        var ex = Assert.Throws<ArgumentException>(() => PciTopology.FromSpec(Topology(devices)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_buses_must_parse_and_be_unique()
    {
        var spec = new TopologySpec { RootBuses = [new RootBusSpec(), new RootBusSpec { Bus = "0:0" }, new RootBusSpec { Bus = "zz" }] };
        var problems = Problems(spec);
        Assert.Contains(problems, p => p.Key == "root_buses.1.bus" && p.Message.Contains("declared twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Key == "root_buses.2.bus" && p.Message.Contains("is not a PCI bus", StringComparison.Ordinal));
    }

    [Fact]
    public void A_valid_topology_has_no_problems()
    {
        Assert.Empty(Problems(Topology(
            RootPort("0000:00:01.0", true),
            UpstreamPort("0000:01:00.0", "0000:00:01.0"),
            DownstreamPort("0000:02:00.0", "0000:01:00.0", true),
            DownstreamPort("0000:02:01.0", "0000:01:00.0", true),
            Endpoint("0000:03:00.0", "0000:02:00.0"),
            Endpoint("0000:04:00.0", "0000:02:01.0"))));
    }
}
