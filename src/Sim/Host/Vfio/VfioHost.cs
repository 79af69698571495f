using IommuSim.Observe;
using IommuSim.Kernel;
using IommuSim.Platform;

namespace IommuSim.Host.Vfio;

/// <summary>
/// The host kernel's VFIO subsystem over a booted platform: <c>/dev/vfio/vfio</c> (containers) and one
/// <c>/dev/vfio/&lt;group&gt;</c> per IOMMU group with a function bound to vfio-pci. The type1 flow is
/// open a container, open the group, VFIO_GROUP_GET_STATUS, VFIO_GROUP_SET_CONTAINER, VFIO_SET_IOMMU,
/// VFIO_IOMMU_MAP_DMA, VFIO_GROUP_GET_DEVICE_FD; each refusal is a <see cref="VfioException"/> with the errno
/// drivers/vfio returns.
/// </summary>
public sealed class VfioHost
{
    private readonly Dictionary<int, VfioGroupFile> _open = [];
    private readonly Func<SimTime> _clock;
    private SimTime _nextEvent;

    /// <summary>Creates the VFIO subsystem of a booted host.</summary>
    /// <param name="boot">The booted host.</param>
    /// <param name="msiIsolation">True when device MSIs are isolated: interrupt remapping on (x86) or an MSI
    /// controller that tags devices (Arm ITS). Without it type1 refuses to attach groups.</param>
    /// <param name="allowUnsafeInterrupts">vfio_iommu_type1's allow_unsafe_interrupts module parameter.</param>
    /// <param name="clock">The current simulated time, for event time stamps; boot's end when omitted.</param>
    public VfioHost(BootResult boot, bool msiIsolation = true, bool allowUnsafeInterrupts = false, Func<SimTime>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(boot);
        Boot = boot;
        MsiIsolation = msiIsolation;
        AllowUnsafeInterrupts = allowUnsafeInterrupts;
        _clock = clock ?? (() => boot.End);
        _nextEvent = boot.End;
    }

    /// <summary>The booted host.</summary>
    public BootResult Boot { get; }
    /// <summary>True when device MSIs are isolated (interrupt remapping).</summary>
    public bool MsiIsolation { get; }
    /// <summary>True when type1 attaches groups even without MSI isolation.</summary>
    public bool AllowUnsafeInterrupts { get; }

    /// <summary>
    /// Where the attach, detach and map events of assignments are raised as they happen; null for none.
    /// </summary>
    public IommuTrace? Trace { get; init; }

    /// <summary>Opens <c>/dev/vfio/vfio</c>: a new, empty container.</summary>
    public VfioContainer OpenContainer() => new(this);

    /// <summary>Opens <c>/dev/vfio/&lt;groupId&gt;</c>.</summary>
    /// <param name="groupId">The IOMMU group number.</param>
    /// <param name="user">Who opens it (e.g. a VM name), named when a second user is refused.</param>
    /// <exception cref="VfioException">ENOENT when the node does not exist (no such group, or no function of it
    /// bound to vfio-pci, which is what creates the node); EBUSY when the group is already open
    /// (vfio_group_fops_open allows one opener).</exception>
    public VfioGroupFile OpenGroup(int groupId, string user = "")
    {
        string op = $"open /dev/vfio/{groupId}";
        if (!Boot.Detection.Enabled)
            throw new VfioException(op, Errno.ENOENT,
                $"/dev/vfio/{groupId} does not exist: the host has no IOMMU groups ({Boot.Detection.Summary})");
        if (groupId < 0 || groupId >= Boot.Groups.Count)
            throw new VfioException(op, Errno.ENOENT, $"/dev/vfio/{groupId} does not exist: there is no IOMMU group {groupId}");
        var group = Boot.Groups[groupId];
        if (!group.Devices.Any(d => d.Driver.IsVfioPci))
            throw new VfioException(op, Errno.ENOENT,
                $"/dev/vfio/{groupId} does not exist: no function of group {groupId} is bound to vfio-pci ({Describe(group)})");
        if (_open.TryGetValue(groupId, out var opened))
            throw new VfioException(op, Errno.EBUSY,
                $"/dev/vfio/{groupId} is already open{(opened.User.Length > 0 ? $" by {opened.User}" : "")}: a group has one user at a time");
        var file = new VfioGroupFile(group, user);
        _open.Add(groupId, file);
        return file;
    }

    internal DomainAllocator Domains => Boot.Domains!;

    // Consecutive, distinct time stamps: never before now, never before the previous event.
    internal SimTime NextEventTime()
    {
        var t = SimTime.Max(_clock(), _nextEvent);
        _nextEvent = t + Boot.Options.EventStep;
        return t;
    }

    internal static string Describe(IommuGroup group) =>
        string.Join(", ", group.Devices.Select(d => $"{d.Address} bound to {d.Driver}"));
}
