using IommuSim.Kernel;
using IommuSim.Observe;

namespace IommuSim.Platform;

/// <summary>
/// The host after boot: what detection found, every function's DMA setup, the IOMMU groups with their
/// domains, and the trace events boot emitted. Groups stay live: VFIO later moves them to other domains.
/// </summary>
public sealed class BootResult
{
    private readonly Dictionary<PciDevice, DeviceDmaSetup> _setup;

    internal BootResult(PciTopology topology, IommuScope scope, HostMode mode, IommuDetection detection,
        IReadOnlyList<DeviceDmaSetup> devices, IReadOnlyList<IommuGroup> groups,
        IReadOnlyList<GroupEvent> groupEvents, IReadOnlyList<DeviceDomainEvent> domainEvents,
        SimTime end, BootOptions options, DomainAllocator? domains)
    {
        Topology = topology;
        Scope = scope;
        Mode = mode;
        Detection = detection;
        Devices = devices;
        Groups = groups;
        GroupEvents = groupEvents;
        DomainEvents = domainEvents;
        End = end;
        Options = options;
        Domains = domains;
        _setup = devices.ToDictionary(d => d.Device);
    }

    /// <summary>The PCI topology.</summary>
    public PciTopology Topology { get; }
    /// <summary>The IOMMU units and their scopes.</summary>
    public IommuScope Scope { get; }
    /// <summary>The host's IOMMU mode.</summary>
    public HostMode Mode { get; }
    /// <summary>What detection found and decided.</summary>
    public IommuDetection Detection { get; }
    /// <summary>Every function's DMA setup, in enumeration order.</summary>
    public IReadOnlyList<DeviceDmaSetup> Devices { get; }
    /// <summary>The IOMMU groups by id (index = id); empty when the IOMMU is not enabled.</summary>
    public IReadOnlyList<IommuGroup> Groups { get; }

    /// <summary>
    /// <c>add_device_to_group</c> events, in order. Time stamps are strictly increasing across this list
    /// and <see cref="DomainEvents"/>, so merging the two by time stamp gives the kernel's order.
    /// </summary>
    public IReadOnlyList<GroupEvent> GroupEvents { get; }

    /// <summary><c>attach_device_to_domain</c> events, in order (see <see cref="GroupEvents"/> for interleaving).</summary>
    public IReadOnlyList<DeviceDomainEvent> DomainEvents { get; }

    /// <summary>The time just after the last boot event.</summary>
    public SimTime End { get; }

    /// <summary>The options boot ran with (page-table format, allocator, event step).</summary>
    public BootOptions Options { get; }

    internal DomainAllocator? Domains { get; }

    /// <summary>How boot set up <paramref name="device"/>.</summary>
    public DeviceDmaSetup SetupOf(PciDevice device) => _setup[device];

    /// <summary>How boot set up the function at <paramref name="address"/>.</summary>
    /// <exception cref="KeyNotFoundException">The topology has no such function.</exception>
    public DeviceDmaSetup SetupOf(PciAddress address) => _setup[Topology.Get(address)];

    /// <summary>The group of the function at <paramref name="address"/>, or null.</summary>
    public IommuGroup? GroupOf(PciAddress address) => SetupOf(address).Group;
}
