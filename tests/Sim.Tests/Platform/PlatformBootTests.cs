using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Observe;
using IommuSim.Platform;
using static IommuSim.Tests.Platform.BootFixture;
using static IommuSim.Tests.Platform.TopologyFixture;

namespace IommuSim.Tests.Platform;

public class PlatformBootTests
{
    private static TopologySpec RootPortAndNicWithVfs() => Topology(
        RootPort("0000:00:01.0", acs: false),
        Endpoint("0000:01:00.0", "0000:00:01.0", driver: "ixgbe"),
        RootPort("0000:00:02.0", acs: true),
        new EndpointSpec { Bdf = "0000:02:00.0", Parent = "0000:00:02.0", Driver = "igb", Vfs = 2, VfDriver = "vfio-pci" });

    [Fact]
    public void Boot_adds_every_scanned_function_then_attaches_group_by_group_then_probes_vfs_one_by_one()
    {
        var boot = Boot(RootPortAndNicWithVfs());
        // Groups: 0 = {00:01.0, 01:00.0} (no ACS at 00:01.0), 1 = {00:02.0}, 2 = {02:00.0}, then VFs 3, 4.
        var all = boot.GroupEvents.Select(e => (e.Timestamp, Text: $"add {e.GroupId} {e.Device}"))
            .Concat(boot.DomainEvents.Select(e => (e.Timestamp, Text: $"attach {e.Device}")))
            .OrderBy(e => e.Timestamp.Picoseconds).ToList();
        Assert.Equal(
        [
            "add 0 0000:00:01.0", "add 1 0000:00:02.0", "add 0 0000:01:00.0", "add 2 0000:02:00.0",
            "attach 0000:00:01.0", "attach 0000:01:00.0", "attach 0000:00:02.0", "attach 0000:02:00.0",
            "add 3 0000:02:10.0", "attach 0000:02:10.0", "add 4 0000:02:10.2", "attach 0000:02:10.2",
        ], all.Select(e => e.Text));
        // One event per microsecond from time zero, no two at the same time.
        Assert.Equal(Enumerable.Range(0, 12).Select(i => SimTime.FromMicroseconds(i)), all.Select(e => e.Timestamp));
        Assert.Equal(SimTime.FromMicroseconds(12), boot.End);
        Assert.All(boot.GroupEvents, e => Assert.Equal(GroupEventKind.AddDeviceToGroup, e.Kind));
        Assert.All(boot.DomainEvents, e => Assert.Equal(DeviceDomainEventKind.AttachDeviceToDomain, e.Kind));
    }

    [Theory]
    [InlineData(HostMode.Lazy, DomainType.DmaLazy, "DMA-FQ")]
    [InlineData(HostMode.Strict, DomainType.DmaStrict, "DMA")]
    [InlineData(HostMode.Passthrough, DomainType.Identity, "identity")]
    public void Host_mode_chooses_the_default_domain_type(HostMode mode, DomainType type, string sysfs)
    {
        var boot = Boot(RootPortAndNicWithVfs(), mode);
        Assert.True(boot.Detection.Enabled);
        Assert.Equal(type, boot.Detection.DefaultDomainType);
        Assert.All(boot.Groups, g =>
        {
            Assert.Equal(type, g.DefaultDomain.Type);
            Assert.Same(g.DefaultDomain, g.Domain);
            Assert.Equal(sysfs, g.SysfsType);
        });
        Assert.All(boot.Devices, d => Assert.Equal("dmar0", d.Unit!.Name));
        var ids = boot.Groups.Select(g => g.DefaultDomain.Id).Distinct().ToList();
        if (type == DomainType.Identity)
            Assert.Equal([1], ids);   // one shared identity domain
        else
            Assert.Equal(Enumerable.Range(2, boot.Groups.Count), ids);   // a DMA domain per group, ids from 2 on VT-d (IDA_START_DID)
    }

    [Theory]
    [InlineData(HostMode.Off, "IOMMU off")]
    [InlineData(HostMode.Swiotlb, "bounces through SWIOTLB")]
    public void Without_translation_there_are_no_groups_and_no_events(HostMode mode, string summary)
    {
        var boot = Boot(RootPortAndNicWithVfs(), mode);
        Assert.False(boot.Detection.Enabled);
        Assert.Equal(IommuKind.IntelVtd, boot.Detection.Kind);
        Assert.Equal("DMAR", boot.Detection.FirmwareTable);
        Assert.Contains(summary, boot.Detection.Summary, StringComparison.Ordinal);
        Assert.Empty(boot.Groups);
        Assert.Empty(boot.GroupEvents);
        Assert.Empty(boot.DomainEvents);
        Assert.All(boot.Devices, d => Assert.Equal(((IommuGroup?)null, (IommuUnit?)null), (d.Group, d.Unit)));
    }

    [Fact]
    public void No_iommu_unit_falls_back_to_swiotlb()
    {
        var boot = Boot(RootPortAndNicWithVfs(), HostMode.Strict, units: []);
        Assert.False(boot.Detection.Enabled);
        Assert.Null(boot.Detection.Kind);
        Assert.Equal("", boot.Detection.FirmwareTable);
        Assert.Contains("no DMAR, IVRS or IORT table", boot.Detection.Summary, StringComparison.Ordinal);
        Assert.Contains("SWIOTLB", boot.Detection.Summary, StringComparison.Ordinal);
        Assert.Empty(boot.Groups);
        Assert.All(boot.Devices, d => Assert.Null(d.Group));
    }

    [Theory]
    [InlineData(IommuKind.IntelVtd, "DMAR", "Intel VT-d")]
    [InlineData(IommuKind.AmdVi, "IVRS", "AMD-Vi")]
    [InlineData(IommuKind.ArmSmmuV3, "IORT", "Arm SMMUv3")]
    [InlineData(IommuKind.Generic, "", "generic IOMMU")]
    public void Detection_reads_the_firmware_table_of_the_kind(IommuKind kind, string table, string name)
    {
        var boot = Boot(RootPortAndNicWithVfs(), kind: kind);
        Assert.Equal(table, boot.Detection.FirmwareTable);
        Assert.Contains($"1 {name} unit, default domain type DMA-FQ", boot.Detection.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Functions_below_a_bypass_root_bus_are_untranslated_and_ungrouped()
    {
        // QEMU bypass_iommu on the expander's root bus 0000:80: nothing below it is in the DMAR scope.
        var topology = new TopologySpec
        {
            RootBuses = [new RootBusSpec(), new RootBusSpec { Bus = "0000:80", BypassIommu = true }],
            Devices =
            [
                RootPort("0000:00:01.0", acs: true), Endpoint("0000:01:00.0", "0000:00:01.0", driver: "virtio-pci"),
                RootPort("0000:80:01.0", acs: true), Endpoint("0000:81:00.0", "0000:80:01.0", driver: "virtio-pci"),
            ],
        };
        var boot = Boot(topology);
        Assert.Equal(["0: 0000:00:01.0", "1: 0000:01:00.0"], Groups(boot));
        foreach (var bdf in new[] { "0000:80:01.0", "0000:81:00.0" })
        {
            var setup = boot.SetupOf(PciAddress.Parse(bdf));
            Assert.Equal(((IommuGroup?)null, (IommuUnit?)null), (setup.Group, setup.Unit));
        }
        Assert.DoesNotContain(boot.GroupEvents, e => e.Device.StartsWith("0000:8", StringComparison.Ordinal));
    }

    [Fact]
    public void Explicit_scopes_win_over_include_all_and_unlisted_functions_stay_untranslated()
    {
        var topology = Topology(
            RootPort("0000:00:01.0", acs: true), Endpoint("0000:01:00.0", "0000:00:01.0"),
            RootPort("0000:00:02.0", acs: true),
            new EndpointSpec { Bdf = "0000:02:00.0", Parent = "0000:00:02.0", Vfs = 1 },
            RootPort("0000:00:03.0", acs: true), Endpoint("0000:03:00.0", "0000:00:03.0"));
        // dmar1 lists 00:02.0's subtree (VFs follow their PF); dmar0 lists only 00:01.0 itself, not 01:00.0.
        var boot = Boot(topology, units:
        [
            new IommuUnitSpec { Name = "dmar0", Devices = ["0000:00:01.0"] },
            new IommuUnitSpec { Name = "dmar1", Subtrees = ["0000:00:02.0"] },
        ]);
        string? UnitOf(string bdf) => boot.SetupOf(PciAddress.Parse(bdf)).Unit?.Name;
        Assert.Equal("dmar0", UnitOf("0000:00:01.0"));
        Assert.Null(UnitOf("0000:01:00.0"));
        Assert.Equal("dmar1", UnitOf("0000:00:02.0"));
        Assert.Equal("dmar1", UnitOf("0000:02:00.0"));
        Assert.Equal("dmar1", UnitOf("0000:02:10.0"));
        Assert.Null(UnitOf("0000:00:03.0"));

        var withCatchAll = Boot(topology, units:
        [
            new IommuUnitSpec { Name = "dmar0", Subtrees = ["0000:00:02.0"] },
            IncludeAll("dmar1"),
        ]);
        Assert.Equal("dmar0", withCatchAll.SetupOf(PciAddress.Parse("0000:02:10.0")).Unit!.Name);
        Assert.Equal("dmar1", withCatchAll.SetupOf(PciAddress.Parse("0000:03:00.0")).Unit!.Name);
    }

    [Fact]
    public void A_function_whose_port_is_outside_the_scope_still_gets_a_group()
    {
        // Only the endpoint is listed. Its root port lacks ACS, so pci_device_group climbs to the port, finds
        // no group there (the port was never probed) and allocates a new one: the endpoint alone.
        var boot = Boot(Topology(RootPort("0000:00:01.0", acs: false), Endpoint("0000:01:00.0", "0000:00:01.0")),
            units: [new IommuUnitSpec { Name = "dmar0", Devices = ["0000:01:00.0"] }]);
        Assert.Equal(["0: 0000:01:00.0"], Groups(boot));
    }

    [Fact]
    public void Boot_from_code_takes_a_start_time_and_step()
    {
        var topology = PciTopology.FromSpec(Topology(Endpoint("0000:00:02.0"), Endpoint("0000:00:03.0")));
        var scope = IommuScope.FromSpec(topology, [IncludeAll()], IommuKind.AmdVi);
        var options = Options() with { Start = SimTime.FromMilliseconds(5), EventStep = SimTime.FromNanoseconds(10) };
        var boot = PlatformBoot.Boot(topology, scope, HostMode.Strict, options);
        Assert.Equal(IommuKind.AmdVi, boot.Detection.Kind);
        Assert.Equal(48, boot.Groups[0].DefaultDomain.AddressWidthBits);
        Assert.Equal([SimTime.FromMilliseconds(5), SimTime.FromMilliseconds(5) + SimTime.FromNanoseconds(10)],
            boot.GroupEvents.Select(e => e.Timestamp));
        Assert.Equal(SimTime.FromMilliseconds(5) + SimTime.FromNanoseconds(20), boot.DomainEvents[0].Timestamp);
    }
}
