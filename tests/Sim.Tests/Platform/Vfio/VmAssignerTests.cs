using IommuSim.Host.Vfio;
using IommuSim.Iommu;
using IommuSim.Observe;
using IommuSim.Platform;
using IommuSim.Units;
using static IommuSim.Tests.Platform.BootFixture;
using static IommuSim.Tests.Platform.TopologyFixture;

namespace IommuSim.Tests.Platform.Vfio;

public class VmAssignerTests
{
    private const ulong HostBase = 0x40_0000_0000;   // 256 GiB, 1 GiB aligned

    // Groups: 0 = 00:01.0, 1 = 00:02.0, 2 = 00:03.0, 3 = 01:00.0 (PF, igb), 4 = 02:00.0 + 02:00.1 (no ACS),
    // 5 = 03:00.0; then VFs of 01:00.0: 6 = 01:10.0, 7 = 01:10.2 (vfio-pci).
    private static BootResult Machine(string companion = "ixgbe", IommuKind kind = IommuKind.IntelVtd) => Boot(Topology(
            RootPort("0000:00:01.0", acs: true),
            new EndpointSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0", Driver = "igb", Vfs = 2, VfDriver = "vfio-pci" },
            RootPort("0000:00:02.0", acs: true),
            Endpoint("0000:02:00.0", "0000:00:02.0", driver: "vfio-pci"),
            Endpoint("0000:02:00.1", "0000:00:02.0", driver: companion),
            RootPort("0000:00:03.0", acs: true),
            Endpoint("0000:03:00.0", "0000:00:03.0", driver: "vfio-pci")),
        kind: kind);

    private static VmSpec Vm(string name, long gib, ByteSize page, params string[] devices) =>
        new() { Name = name, Memory = ByteSize.FromGiB(gib), PageSize = page, Devices = devices };

    [Fact]
    public void A_viable_group_gets_guest_ram_mapped_once_in_1GiB_leaves_with_detach_then_attach()
    {
        var boot = Machine();
        var host = new VfioHost(boot);
        var a = VmAssigner.Assign(host, Vm("vm0", 4, ByteSize.FromGiB(1), "0000:01:10.2"), HostBase);

        Assert.Equal([7], a.Groups.Select(g => g.Id));
        Assert.Equal(DomainType.Unmanaged, a.Domain!.Type);
        Assert.Same(a.Domain, boot.Groups[7].Domain);
        Assert.Equal(DomainType.DmaLazy, boot.Groups[7].DefaultDomain.Type);
        Assert.Equal(
            [(DeviceDomainEventKind.DetachDeviceFromDomain, "0000:01:10.2"), (DeviceDomainEventKind.AttachDeviceToDomain, "0000:01:10.2")],
            a.Events.Select(e => (e.Kind, e.Device)));
        Assert.True(a.Events[0].Timestamp >= boot.End && a.Events[1].Timestamp > a.Events[0].Timestamp);

        // q35 puts 4 GiB of RAM at [0, 2 GiB) and [4 GiB, 6 GiB): two MAP_DMAs, 2 + 2 = 4 one-GiB leaves.
        Assert.Equal([(0x0UL, HostBase, 2UL << 30), (4UL << 30, HostBase + (2UL << 30), 2UL << 30)],
            a.Mappings.Select(m => (m.Iova, m.HostPhysicalAddress, m.Size)));
        Assert.Equal(4, a.Mappings.Sum(m => m.Leaves1GiB));
        Assert.Equal(4, a.Mappings.Sum(m => m.Leaves));
        Assert.Equal(4, a.Mappings.Sum(m => m.IommuMapCalls));
        var table = a.Domain!.PageTable!;
        Assert.Equal(4, table.LeafCount);
        Assert.True(table.TryTranslate((4UL << 30) + 0x1234_5678, out var leaf));
        Assert.Equal(HostBase + (2UL << 30) + 0x1234_5678, leaf.PhysicalAddress);
        Assert.Equal(PageSize.Size1GiB, leaf.PageSize);
        Assert.False(table.TryTranslate(3UL << 30, out _));   // the 32-bit hole stays unmapped
        Assert.Equal(["0000:01:10.2"], a.Devices.Select(d => d.Name));
    }

    [Fact]
    public void A_non_viable_group_is_refused_with_the_host_driver_and_eperm()
    {
        var host = new VfioHost(Machine());
        var ex = Assert.Throws<VfioException>(() => VmAssigner.Assign(host, Vm("vm0", 4, ByteSize.FromGiB(1), "0000:02:00.0"), HostBase));
        Assert.Equal(Errno.EPERM, ex.Errno);
        Assert.Equal("group 4 is not viable: 0000:02:00.1 is still bound to host driver ixgbe (EPERM)", ex.Message);
    }

    [Fact]
    public void Unbound_companions_go_with_the_group()
    {
        var boot = Machine(companion: "");
        var a = VmAssigner.Assign(new VfioHost(boot), Vm("vm0", 2, ByteSize.FromMiB(2), "0000:02:00.0"), HostBase);
        Assert.Equal(["0000:02:00.0", "0000:02:00.1", "0000:02:00.0", "0000:02:00.1"], a.Events.Select(e => e.Device));
        Assert.Same(a.Domain, boot.Groups[4].Domain);
        // 2 GiB stays below 2.75 GiB: one region, 1024 two-MiB pages, one leaf each.
        var map = Assert.Single(a.Mappings);
        Assert.Equal((1024L, 1024L), (map.IommuMapCalls, map.Leaves2MiB));
    }

    [Fact]
    public void Functions_in_two_groups_join_one_container_and_domain_in_order()
    {
        var boot = Machine();
        var a = VmAssigner.Assign(new VfioHost(boot), Vm("vm0", 1, ByteSize.FromGiB(1), "0000:03:00.0", "0000:01:10.0"), HostBase);
        Assert.Equal([5, 6], a.Groups.Select(g => g.Id));
        Assert.Equal(["0000:03:00.0", "0000:03:00.0", "0000:01:10.0", "0000:01:10.0"], a.Events.Select(e => e.Device));
        Assert.Same(boot.Groups[5].Domain, boot.Groups[6].Domain);
        Assert.Single(a.Mappings);
    }

    [Fact]
    public void Two_vms_cannot_share_a_group_and_ram_is_laid_out_per_vm()
    {
        var host = new VfioHost(Machine(companion: "vfio-pci"));
        var ex = Assert.Throws<VfioException>(() => VmAssigner.AssignAll(host,
            [Vm("a", 1, ByteSize.FromGiB(1), "0000:02:00.0"), Vm("b", 1, ByteSize.FromGiB(1), "0000:02:00.1")], HostBase));
        Assert.Equal(Errno.EBUSY, ex.Errno);
        Assert.Contains("already open by VM 'a'", ex.Message, StringComparison.Ordinal);

        var ok = VmAssigner.AssignAll(new VfioHost(Machine()),
            [Vm("a", 3, ByteSize.FromGiB(1), "0000:03:00.0"), Vm("b", 1, ByteSize.FromGiB(1), "0000:01:10.0")], HostBase + 1);
        Assert.Equal(HostBase + (1UL << 30), ok[0].Mappings[0].HostPhysicalAddress);   // rounded up to 1 GiB
        Assert.Equal(HostBase + (4UL << 30), ok[1].Mappings[0].HostPhysicalAddress);   // after a's 3 GiB
        Assert.NotSame(ok[0].Domain, ok[1].Domain);
    }

    [Fact]
    public void A_function_without_a_group_cannot_be_bound_to_vfio_pci()
    {
        var boot = Boot(new TopologySpec
        {
            RootBuses = [new RootBusSpec(), new RootBusSpec { Bus = "0000:80", BypassIommu = true }],
            Devices = [RootPort("0000:80:01.0", acs: true), Endpoint("0000:81:00.0", "0000:80:01.0", driver: "vfio-pci")],
        });
        var ex = Assert.Throws<VfioException>(() => VmAssigner.Assign(new VfioHost(boot), Vm("vm0", 1, ByteSize.FromGiB(1), "0000:81:00.0"), HostBase));
        Assert.Equal(Errno.EINVAL, ex.Errno);
        Assert.Equal("0000:81:00.0 has no IOMMU group (it is outside every IOMMU unit's scope): vfio-pci cannot bind it (EINVAL)", ex.Message);
    }

    [Fact]
    public void A_vf_left_unbound_has_no_vfio_device_node()
    {
        var boot = Boot(Topology(
            RootPort("0000:00:01.0", acs: true),
            new EndpointSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0", Driver = "igb", Vfs = 1 }));
        var ex = Assert.Throws<VfioException>(() => VmAssigner.Assign(new VfioHost(boot), Vm("vm0", 1, ByteSize.FromGiB(1), "0000:01:10.0"), HostBase));
        Assert.Equal(Errno.ENOENT, ex.Errno);
        Assert.Contains("no function of group 2 is bound to vfio-pci (0000:01:10.0 bound to none)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_base_must_be_aligned_to_the_vm_pages()
    {
        Assert.Throws<ArgumentException>(() =>
            VmAssigner.Assign(new VfioHost(Machine()), Vm("vm0", 1, ByteSize.FromGiB(1), "0000:03:00.0"), HostBase + 0x20_0000));
    }

    [Theory]
    [InlineData(IommuKind.IntelVtd, 2, new[] { 0x0UL }, new[] { 2UL << 30 })]
    [InlineData(IommuKind.IntelVtd, 8, new[] { 0x0UL, 4UL << 30 }, new[] { 2UL << 30, 6UL << 30 })]
    [InlineData(IommuKind.AmdVi, 8, new[] { 0x0UL, 4UL << 30 }, new[] { 2UL << 30, 6UL << 30 })]
    [InlineData(IommuKind.AmdVi, 1024, new[] { 0x0UL, 1UL << 40 }, new[] { 2UL << 30, 1022UL << 30 })]
    [InlineData(IommuKind.ArmSmmuV3, 4, new[] { 0x4000_0000UL }, new[] { 4UL << 30 })]
    [InlineData(IommuKind.Generic, 4, new[] { 0x0UL }, new[] { 4UL << 30 })]
    public void Guest_ram_layout_follows_the_qemu_machine(IommuKind kind, long gib, ulong[] starts, ulong[] sizes)
    {
        // x86 q35: 2 GiB low when RAM >= 2.75 GiB, rest at 4 GiB, or at 1 TiB on AMD when it would reach the
        // HyperTransport range (4 GiB + 1022 GiB > 0xfd_0000_0000); Arm virt: from 1 GiB.
        var regions = GuestRamLayout.For(kind, (ulong)gib << 30);
        Assert.Equal(starts, regions.Select(r => r.GuestPhysicalAddress));
        Assert.Equal(sizes, regions.Select(r => r.Size));
        Assert.Equal((ulong)gib << 30, regions.Aggregate(0UL, (sum, r) => sum + r.Size));
    }
}
