using IommuSim.Host.Vfio;
using IommuSim.Platform;
using IommuSim.Units;
using static IommuSim.Tests.Platform.BootFixture;
using static IommuSim.Tests.Platform.TopologyFixture;

namespace IommuSim.Tests.Platform;

public class TopologyReportTests
{
    // Root bus 00 behind the vIOMMU; root bus 80 bypasses it (QEMU pxb-pcie,bypass_iommu=on).
    private static readonly TopologySpec BypassMachine = new()
    {
        RootBuses = [new RootBusSpec(), new RootBusSpec { Bus = "0000:80", BypassIommu = true }],
        Devices =
        [
            RootPort("0000:00:01.0", acs: true),
            Endpoint("0000:01:00.0", "0000:00:01.0", driver: "virtio-pci"),
            RootPort("0000:80:01.0", acs: true),
            Endpoint("0000:81:00.0", "0000:80:01.0", driver: "virtio-pci"),
        ],
    };

    [Fact]
    public void Lists_groups_as_sysfs_paths_with_the_domain_type()
    {
        var report = TopologyReport.Create(Boot(BypassMachine, HostMode.Strict), interruptRemapping: false, VmSpec.FunctionOwners([]));
        Assert.Equal(
            ["/sys/kernel/iommu_groups/0/devices/0000:00:01.0 (DMA)", "/sys/kernel/iommu_groups/1/devices/0000:01:00.0 (DMA)"],
            report.Lines.Select(l => l.Text));
        Assert.Equal("virtio-pci", report.Lines[1].Driver.Name);
        Assert.Equal(["0000:80:01.0", "0000:81:00.0"], report.Untranslated.Select(s => s.Device.Name));
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Warns_that_functions_outside_every_unit_lose_msi_when_interrupt_remapping_is_on()
    {
        // The seed (QEMU docs/bypass-iommu.txt, Aaron Lu 2024): with irq remapping on, a device in no DRHD
        // scope gets no irq domain, MSI setup fails and it falls back to the IOAPIC.
        var report = TopologyReport.Create(Boot(BypassMachine), interruptRemapping: true, VmSpec.FunctionOwners([]));
        Assert.Equal(2, report.Warnings.Count);
        Assert.All(report.Warnings, w => Assert.Equal(TopologyWarningKind.MsiFallbackToIntx, w.Kind));
        Assert.Equal(["0000:80:01.0", "0000:81:00.0"], report.Warnings.Select(w => w.Devices.Single().ToString()));
        Assert.Contains("0000:81:00.0 is outside every IOMMU unit's scope (its root bus 0000:80 bypasses the IOMMU)",
            report.Warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("falls back to INTx through the IOAPIC", report.Warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("intremap=off", report.Warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_msi_warning_without_any_unit_since_there_is_no_interrupt_remapping_hardware()
    {
        var report = TopologyReport.Create(Boot(BypassMachine, units: []), interruptRemapping: true, VmSpec.FunctionOwners([]));
        Assert.Empty(report.Warnings);
        Assert.Empty(report.Lines);
        Assert.Equal(4, report.Untranslated.Count);
    }

    // Root port without ACS with a dual-function NIC below: one group of three.
    private static readonly TopologySpec SharedGroup = Topology(
        RootPort("0000:00:01.0", acs: false),
        Endpoint("0000:01:00.0", "0000:00:01.0", driver: "vfio-pci"),
        Endpoint("0000:01:00.1", "0000:00:01.0", driver: "ixgbe"));

    [Fact]
    public void Warns_about_a_group_shared_by_a_vm_and_a_host_driver()
    {
        var vm = new VmSpec { Name = "vm0", Memory = ByteSize.FromGiB(4), Devices = ["0000:01:00.0"] };
        var report = TopologyReport.Create(Boot(SharedGroup), interruptRemapping: true, VmSpec.FunctionOwners([vm]));
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(TopologyWarningKind.MixedGroupOwners, warning.Kind);
        Assert.Equal(0, warning.GroupId);
        // The root port (pcieport) owns no DMA, so only the two NIC functions are named.
        Assert.Equal(["0000:01:00.0", "0000:01:00.1"], warning.Devices.Select(d => d.ToString()));
        Assert.Equal(
            "group 0 is shared by functions with different owners: 0000:01:00.0 (VM 'vm0'), 0000:01:00.1 (host driver ixgbe); " +
            "a group is assigned whole, and VFIO cannot take it while a host driver holds part of it (VFIO_GROUP_SET_CONTAINER fails with EPERM)",
            warning.Message);
    }

    [Fact]
    public void Two_vms_in_one_group_are_warned_about_and_one_owner_is_not()
    {
        var topology = Topology(
            RootPort("0000:00:01.0", acs: false),
            Endpoint("0000:01:00.0", "0000:00:01.0", driver: "vfio-pci"),
            Endpoint("0000:01:00.1", "0000:00:01.0", driver: "vfio-pci"));
        var a = new VmSpec { Name = "a", Memory = ByteSize.FromGiB(1), Devices = ["0000:01:00.0"] };
        var b = new VmSpec { Name = "b", Memory = ByteSize.FromGiB(1), Devices = ["0000:01:00.1"] };
        var two = TopologyReport.Create(Boot(topology), false, VmSpec.FunctionOwners([a, b]));
        Assert.Contains("one VFIO user at a time", Assert.Single(two.Warnings).Message, StringComparison.Ordinal);
        var one = TopologyReport.Create(Boot(topology), false, VmSpec.FunctionOwners([a with { Devices = ["0000:01:00.0", "0000:01:00.1"] }]));
        Assert.Empty(one.Warnings);
    }
}
