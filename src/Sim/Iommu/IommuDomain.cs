using IommuSim.Kernel;
using IommuSim.Observe;

namespace IommuSim.Iommu;

/// <summary>
/// A domain as the host's IOMMU API sees it: <see cref="Map"/> and <see cref="Unmap"/> change its page table
/// and raise one <c>map</c> / <c>unmap</c> trace event per call, like Linux's <c>iommu_map()</c> and
/// <c>iommu_unmap()</c>. Changing the table does not invalidate any cache: that is the caller's job, through
/// an <see cref="InvalidationQueue"/>.
/// </summary>
public sealed class IommuDomain
{
    private readonly Simulation _sim;
    private readonly IommuTrace _trace;

    /// <summary>Wraps <paramref name="domain"/>; events are stamped with <paramref name="simulation"/>'s clock.</summary>
    public IommuDomain(Domain domain, Simulation simulation, IommuTrace trace)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(trace);
        Domain = domain;
        _sim = simulation;
        _trace = trace;
    }

    /// <summary>The hardware domain (id, type, page table).</summary>
    public Domain Domain { get; }
    /// <summary>The domain id.</summary>
    public int Id => Domain.Id;

    /// <summary>
    /// Maps [<paramref name="iova"/>, iova + <paramref name="size"/>) to <paramref name="paddr"/> with
    /// <paramref name="prot"/> (split into the largest pages alignment allows) and raises a <c>map</c> event.
    /// A refused map changes nothing and raises no event, as in Linux, where only a successful map is traced.
    /// </summary>
    /// <returns>The leaves created.</returns>
    /// <exception cref="InvalidOperationException">The domain has no page table (blocked or identity).</exception>
    /// <exception cref="IommuMappingException">The request is refused (see <see cref="IoPageTable.Map"/>).</exception>
    public MappedPages Map(ulong iova, ulong paddr, ulong size, Permissions prot)
    {
        var pages = Table().Map(iova, paddr, size, prot);
        if (_trace.Map.IsConnected) _trace.Map.Emit(new MapEvent(_sim.Now, iova, paddr, size));
        return pages;
    }

    /// <summary>
    /// Unmaps from <paramref name="iova"/> for <paramref name="size"/> bytes (whole leaves, see
    /// <see cref="IoPageTable.Unmap"/>), raises an <c>unmap</c> event with both sizes, and returns the size really unmapped.
    /// </summary>
    /// <exception cref="InvalidOperationException">The domain has no page table (blocked or identity).</exception>
    /// <exception cref="IommuMappingException">The IOVA or size is not 4 KiB aligned; nothing changed and no event is raised.</exception>
    public ulong Unmap(ulong iova, ulong size)
    {
        ulong unmapped = Table().Unmap(iova, size);
        if (_trace.Unmap.IsConnected) _trace.Unmap.Emit(new UnmapEvent(_sim.Now, iova, size, unmapped));
        return unmapped;
    }

    private IoPageTable Table() => Domain.PageTable
        ?? throw new InvalidOperationException($"{Domain} has no page table: only translated domains can map and unmap");

    /// <inheritdoc/>
    public override string ToString() => Domain.ToString();
}
