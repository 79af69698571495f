using IommuSim.Observe;
using IommuSim.Platform;

namespace IommuSim.Host.Vfio;

/// <summary>An open <c>/dev/vfio/&lt;group&gt;</c>: status, joining a container, and device file descriptors.</summary>
public sealed class VfioGroupFile
{
    internal VfioGroupFile(IommuGroup group, string user)
    {
        Group = group;
        User = user;
    }

    /// <summary>The IOMMU group.</summary>
    public IommuGroup Group { get; }
    /// <summary>Who opened it.</summary>
    public string User { get; }
    /// <summary>The container the group is in, or null.</summary>
    public VfioContainer? Container { get; private set; }

    /// <summary>
    /// VFIO_GROUP_GET_STATUS. Viable unless a function of the group is bound to a driver that uses the kernel
    /// DMA API (iommu_group_dma_owner_claimed); a group already in a container reports viable and container-set.
    /// </summary>
    public VfioGroupStatus GetStatus() =>
        Container is not null ? new VfioGroupStatus(true, true) : new VfioGroupStatus(!KernelOwned().Any(), false);

    /// <summary>
    /// VFIO_GROUP_SET_CONTAINER: puts the group in <paramref name="container"/>, claiming its DMA ownership. When
    /// the container's IOMMU is already set, the group is attached to the container's domain at once.
    /// </summary>
    /// <returns>The detach and attach events, in order; empty when the container's IOMMU is not set yet.</returns>
    /// <exception cref="VfioException">EINVAL when the group already is in a container; EPERM when a kernel driver
    /// holds the group's DMA (iommu_group_claim_dma_owner refuses while owner_cnt is nonzero), the group is then
    /// not viable; EPERM as for VFIO_SET_IOMMU when attaching needs MSI isolation the host lacks.</exception>
    public IReadOnlyList<DeviceDomainEvent> SetContainer(VfioContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        const string op = "VFIO_GROUP_SET_CONTAINER";
        if (Container is not null)
            throw new VfioException(op, Errno.EINVAL, $"group {Group.Id} is already in a container");
        if (KernelOwned().Any()) throw NotViable();
        var events = container.Add(this, op);
        Container = container;
        return events;
    }

    /// <summary>VFIO_GROUP_GET_DEVICE_FD: opens the function at <paramref name="address"/> for user space.</summary>
    /// <returns>The function.</returns>
    /// <exception cref="VfioException">ENODEV when the group has no VFIO device by that name (not in the group,
    /// or not bound to vfio-pci); EINVAL when the group's container has no IOMMU set yet.</exception>
    public PciDevice GetDeviceFd(PciAddress address)
    {
        const string op = "VFIO_GROUP_GET_DEVICE_FD";
        var device = Group.Devices.FirstOrDefault(d => d.Address == address);
        if (device is null)
            throw new VfioException(op, Errno.ENODEV, $"{address} is not in group {Group.Id} ({VfioHost.Describe(Group)})");
        if (!device.Driver.IsVfioPci)
            throw new VfioException(op, Errno.ENODEV, $"{address} is bound to {device.Driver}, not vfio-pci, so group {Group.Id} has no VFIO device by that name");
        if (Container?.IommuType is null)
            throw new VfioException(op, Errno.EINVAL, $"group {Group.Id} is not in a container with an IOMMU set; call VFIO_SET_IOMMU first");
        return device;
    }

    // The refusal SET_CONTAINER gives a non-viable group: one line naming every function holding the group.
    internal VfioException NotViable() => new("VFIO_GROUP_SET_CONTAINER", Errno.EPERM,
        $"group {Group.Id} is not viable: " +
        string.Join("; ", KernelOwned().Select(d => $"{d.Address} is still bound to host driver {d.Driver.Name}")));

    private IEnumerable<PciDevice> KernelOwned() => Group.Devices.Where(d => d.Driver.ClaimsKernelDma);
}
