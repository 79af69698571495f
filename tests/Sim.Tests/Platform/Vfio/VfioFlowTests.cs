using IommuSim.Host.Vfio;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Observe;
using IommuSim.Platform;
using IommuSim.Units;
using static IommuSim.Tests.Platform.BootFixture;
using static IommuSim.Tests.Platform.TopologyFixture;

namespace IommuSim.Tests.Platform.Vfio;

/// <summary>The type1 container flow, step by step, with the errno drivers/vfio returns at each refusal.</summary>
public class VfioFlowTests
{
    // Groups: 0 = 00:01.0, 1 = 00:02.0, 2 = 01:00.0 (vfio-pci), 3 = 02:00.0 + 02:00.1 (multifunction, no ACS).
    private static BootResult Host(string companionDriver = "ixgbe", HostMode mode = HostMode.Lazy) => Boot(Topology(
        RootPort("0000:00:01.0", acs: true),
        Endpoint("0000:01:00.0", "0000:00:01.0", driver: "vfio-pci"),
        RootPort("0000:00:02.0", acs: true),
        Endpoint("0000:02:00.0", "0000:00:02.0", driver: "vfio-pci"),
        Endpoint("0000:02:00.1", "0000:00:02.0", driver: companionDriver)), mode);

    [Fact]
    public void Container_reports_api_version_0_and_offers_type1_only()
    {
        var container = new VfioHost(Host()).OpenContainer();
        Assert.Equal(0, container.GetApiVersion());
        Assert.True(container.CheckExtension(VfioIommuType.Type1v2));
        Assert.True(container.CheckExtension(VfioIommuType.Type1));
        Assert.False(container.CheckExtension(VfioIommuType.SpaprTce));
    }

    [Fact]
    public void Set_iommu_before_any_group_is_einval()
    {
        // vfio_ioctl_set_iommu: "only by adding a group to a container does the user get the privilege of
        // enabling the iommu" -- an empty group list returns -EINVAL.
        var container = new VfioHost(Host()).OpenContainer();
        var ex = Assert.Throws<VfioException>(() => container.SetIommu(VfioIommuType.Type1v2));
        Assert.Equal(Errno.EINVAL, ex.Errno);
        Assert.Equal("VFIO_SET_IOMMU", ex.Operation);
        Assert.Contains("needs a group", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("(EINVAL)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_iommu_twice_is_einval_and_an_absent_model_is_enodev()
    {
        var host = new VfioHost(Host());
        var container = host.OpenContainer();
        host.OpenGroup(2).SetContainer(container);
        Assert.Equal(Errno.ENODEV, Assert.Throws<VfioException>(() => container.SetIommu(VfioIommuType.SpaprTce)).Errno);
        container.SetIommu(VfioIommuType.Type1v2);
        var again = Assert.Throws<VfioException>(() => container.SetIommu(VfioIommuType.Type1v2));
        Assert.Equal(Errno.EINVAL, again.Errno);
        Assert.Contains("already set (Type1v2)", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_node_exists_only_for_groups_with_a_vfio_pci_function()
    {
        var host = new VfioHost(Host());
        var noVfio = Assert.Throws<VfioException>(() => host.OpenGroup(0));
        Assert.Equal(Errno.ENOENT, noVfio.Errno);
        Assert.Equal("/dev/vfio/0 does not exist: no function of group 0 is bound to vfio-pci (0000:00:01.0 bound to pcieport) (ENOENT)", noVfio.Message);
        Assert.Equal(Errno.ENOENT, Assert.Throws<VfioException>(() => host.OpenGroup(42)).Errno);
        var off = new VfioHost(Host(mode: HostMode.Off));
        Assert.Contains("the host has no IOMMU groups", Assert.Throws<VfioException>(() => off.OpenGroup(0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_has_one_opener()
    {
        var host = new VfioHost(Host());
        host.OpenGroup(2, "VM 'a'");
        var ex = Assert.Throws<VfioException>(() => host.OpenGroup(2, "VM 'b'"));
        Assert.Equal(Errno.EBUSY, ex.Errno);
        Assert.Equal("/dev/vfio/2 is already open by VM 'a': a group has one user at a time (EBUSY)", ex.Message);
    }

    [Fact]
    public void A_group_with_a_function_on_a_host_driver_is_not_viable_and_set_container_is_eperm()
    {
        // 02:00.1 is bound to ixgbe, which uses the DMA API: its probe claimed the group's DMA (owner_cnt 1), so
        // GET_STATUS clears VFIO_GROUP_FLAGS_VIABLE and iommu_group_claim_dma_owner returns -EPERM.
        var host = new VfioHost(Host());
        var file = host.OpenGroup(3);
        Assert.Equal(new VfioGroupStatus(Viable: false, ContainerSet: false), file.GetStatus());
        var ex = Assert.Throws<VfioException>(() => file.SetContainer(host.OpenContainer()));
        Assert.Equal(Errno.EPERM, ex.Errno);
        Assert.Equal("VFIO_GROUP_SET_CONTAINER", ex.Operation);
        Assert.Equal("group 3 is not viable: 0000:02:00.1 is still bound to host driver ixgbe (EPERM)", ex.Message);
        Assert.Null(file.Container);
    }

    [Theory]
    [InlineData("")]           // unbound
    [InlineData("pci-stub")]   // driver_managed_dma: claims no DMA ownership
    [InlineData("vfio-pci")]
    [InlineData("mlx5_vfio_pci")]  // a vfio-pci variant driver
    public void A_group_is_viable_when_every_function_is_on_vfio_pci_a_neutral_driver_or_none(string driver)
    {
        var host = new VfioHost(Host(companionDriver: driver));
        var file = host.OpenGroup(3);
        Assert.True(file.GetStatus().Viable);
        var container = host.OpenContainer();
        Assert.Empty(file.SetContainer(container));   // no IOMMU yet: nothing attaches
        Assert.Equal(new VfioGroupStatus(true, true), file.GetStatus());
        Assert.Equal(Errno.EINVAL, Assert.Throws<VfioException>(() => file.SetContainer(container)).Errno);
    }

    [Fact]
    public void Set_iommu_moves_the_whole_group_to_one_unmanaged_domain_detach_then_attach()
    {
        var boot = Host(companionDriver: "");
        var host = new VfioHost(boot, clock: () => SimTime.FromMilliseconds(3));
        var container = host.OpenContainer();
        var file = host.OpenGroup(3);
        file.SetContainer(container);
        var defaultDomain = boot.Groups[3].Domain;
        var events = container.SetIommu(VfioIommuType.Type1v2);
        Assert.Equal(
            [
                (DeviceDomainEventKind.DetachDeviceFromDomain, "0000:02:00.0"), (DeviceDomainEventKind.DetachDeviceFromDomain, "0000:02:00.1"),
                (DeviceDomainEventKind.AttachDeviceToDomain, "0000:02:00.0"), (DeviceDomainEventKind.AttachDeviceToDomain, "0000:02:00.1"),
            ],
            events.Select(e => (e.Kind, e.Device)));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => SimTime.FromMilliseconds(3) + SimTime.FromMicroseconds(i)), events.Select(e => e.Timestamp));
        Assert.Equal(DomainType.Unmanaged, container.Domain!.Type);
        Assert.Same(container.Domain, boot.Groups[3].Domain);
        Assert.Same(defaultDomain, boot.Groups[3].DefaultDomain);
        Assert.NotEqual(defaultDomain.Id, container.Domain.Id);
        // A second group joining a container whose IOMMU is set is attached at once.
        var second = host.OpenGroup(2);
        var joined = second.SetContainer(container);
        Assert.Equal([DeviceDomainEventKind.DetachDeviceFromDomain, DeviceDomainEventKind.AttachDeviceToDomain], joined.Select(e => e.Kind));
        Assert.True(joined[0].Timestamp > events[^1].Timestamp);
        Assert.Same(container.Domain, boot.Groups[2].Domain);
    }

    [Fact]
    public void Type1_refuses_groups_without_msi_isolation_unless_unsafe_interrupts_are_allowed()
    {
        var host = new VfioHost(Host(), msiIsolation: false);
        var container = host.OpenContainer();
        host.OpenGroup(2).SetContainer(container);
        var ex = Assert.Throws<VfioException>(() => container.SetIommu(VfioIommuType.Type1v2));
        Assert.Equal(Errno.EPERM, ex.Errno);
        Assert.Contains("allow_unsafe_interrupts", ex.Message, StringComparison.Ordinal);
        Assert.Null(container.IommuType);

        var unsafeHost = new VfioHost(Host(), msiIsolation: false, allowUnsafeInterrupts: true);
        var ok = unsafeHost.OpenContainer();
        unsafeHost.OpenGroup(2).SetContainer(ok);
        Assert.Equal(2, ok.SetIommu(VfioIommuType.Type1v2).Count);
    }

    [Fact]
    public void Device_fds_need_vfio_pci_and_a_container_with_an_iommu()
    {
        var host = new VfioHost(Host(companionDriver: ""));
        var file = host.OpenGroup(3);
        var container = host.OpenContainer();
        file.SetContainer(container);
        Assert.Equal(Errno.EINVAL, Assert.Throws<VfioException>(() => file.GetDeviceFd(PciAddress.Parse("0000:02:00.0"))).Errno);
        container.SetIommu(VfioIommuType.Type1v2);
        Assert.Equal("0000:02:00.0", file.GetDeviceFd(PciAddress.Parse("0000:02:00.0")).Name);
        var unbound = Assert.Throws<VfioException>(() => file.GetDeviceFd(PciAddress.Parse("0000:02:00.1")));
        Assert.Equal(Errno.ENODEV, unbound.Errno);
        Assert.Contains("bound to none, not vfio-pci", unbound.Message, StringComparison.Ordinal);
        Assert.Equal(Errno.ENODEV, Assert.Throws<VfioException>(() => file.GetDeviceFd(PciAddress.Parse("0000:01:00.0"))).Errno);
    }

    private static VfioContainer ReadyContainer()
    {
        var host = new VfioHost(Host());
        var container = host.OpenContainer();
        host.OpenGroup(2).SetContainer(container);
        container.SetIommu(VfioIommuType.Type1v2);
        return container;
    }

    [Fact]
    public void Map_dma_before_set_iommu_is_einval()
    {
        var host = new VfioHost(Host());
        var container = host.OpenContainer();
        host.OpenGroup(2).SetContainer(container);
        var ex = Assert.Throws<VfioException>(() => container.MapDma(0, 0x4000_0000, 0x20_0000, Permissions.ReadWrite, PageSize.Size2MiB));
        Assert.Equal(Errno.EINVAL, ex.Errno);
        Assert.Contains("call VFIO_SET_IOMMU first", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_dma_splits_each_backing_page_into_the_largest_leaves()
    {
        var container = ReadyContainer();
        // 8 MiB of 2 MiB pages at 2 MiB-aligned addresses: 4 iommu_map calls, each one 2 MiB leaf.
        var huge = container.MapDma(0x4000_0000, 0x8_0000_0000, 8 << 20, Permissions.ReadWrite, PageSize.Size2MiB);
        Assert.Equal((4L, 0L, 4L, 0L), (huge.IommuMapCalls, huge.Leaves4KiB, huge.Leaves2MiB, huge.Leaves1GiB));
        // The same 8 MiB backed by 4 KiB pages: each page is its own run, 2048 calls and 2048 4 KiB leaves,
        // even though the addresses would allow 2 MiB leaves.
        var small = container.MapDma(0x8000_0000, 0x9_0000_0000, 8 << 20, Permissions.Read, PageSize.Size4KiB);
        Assert.Equal((2048L, 2048L, 0L), (small.IommuMapCalls, small.Leaves4KiB, small.Leaves2MiB));
        Assert.True(container.Domain!.PageTable!.TryTranslate(0x8000_1234, out var leaf));
        Assert.Equal(0x9_0000_1234UL, leaf.PhysicalAddress);
        Assert.Equal(Permissions.Read, leaf.Permissions);
        Assert.Equal([huge, small], container.Mappings);
    }

    public static TheoryData<ulong, ulong, ulong, Permissions, Errno, string> BadMaps => new()
    {
        { 0x4000_0000, 0x4000_0000, 0x20_0000, Permissions.ReadWrite, Errno.EEXIST, "overlaps the mapping at [0x40000000, 0x401fffff]" },
        { 0xfee0_0000, 0x1_0000_0000, 0x1000, Permissions.ReadWrite, Errno.EINVAL, "overlaps the MSI window [0xfee00000, 0xfeefffff]" },
        { 0x1000, 0x1_0000_0800, 0x1000, Permissions.ReadWrite, Errno.EINVAL, "must be nonzero multiples of 4KiB" },
        { 0x1000, 0x1_0000_0000, 0, Permissions.ReadWrite, Errno.EINVAL, "must be nonzero multiples of 4KiB" },
        { 0x1000, 0x1_0000_0000, 0x1000, Permissions.None, Errno.EINVAL, "read, write or both" },
        { 1UL << 48, 0x1_0000_0000, 0x1000, Permissions.ReadWrite, Errno.EINVAL, "passes the domain's 48-bit IOVA space" },
        { 0xffff_ffff_ffff_f000, 0x1_0000_0000, 0x2000, Permissions.ReadWrite, Errno.EINVAL, "wraps around" },
    };

    [Theory]
    [MemberData(nameof(BadMaps))]
    public void Map_dma_refusals_carry_the_kernel_errno(ulong iova, ulong address, ulong size, Permissions prot, Errno errno, string reason)
    {
        var container = ReadyContainer();
        container.MapDma(0x4000_0000, 0x8_0000_0000, 0x20_0000, Permissions.ReadWrite, PageSize.Size2MiB);
        var ex = Assert.Throws<VfioException>(() => container.MapDma(iova, address, size, prot, PageSize.Size4KiB));
        Assert.Equal(errno, ex.Errno);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Single(container.Mappings);
    }
}
