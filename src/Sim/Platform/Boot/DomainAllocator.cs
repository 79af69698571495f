using IommuSim.Iommu;

namespace IommuSim.Platform;

/// <summary>
/// Hands out the host's IOMMU domains and their ids, all in one page-table format and drawing tables from one
/// allocator. Intel VT-d numbers domains per IOMMU unit from 2 (ids 0 and 1 are reserved, 1 for the identity
/// domain: FLPT_DEFAULT_DID and IDA_START_DID in drivers/iommu/intel/iommu.h); AMD-Vi and the others number them
/// across the whole host from 1 (pdom_id_alloc: ida_alloc_range from 1). Identity domains are one shared
/// domain, as Linux's static identity domain is.
/// </summary>
internal sealed class DomainAllocator(PageTableFormat format, TablePageAllocator tables)
{
    /// <summary>The first id of a VT-d DMA or unmanaged domain on each unit (IDA_START_DID).</summary>
    public const int IntelFirstId = 2;
    /// <summary>The id of the shared identity domain on VT-d (FLPT_DEFAULT_DID).</summary>
    public const int IntelIdentityId = 1;

    private readonly Dictionary<IommuUnit, int> _nextOnUnit = [];
    private int _nextGlobal = 1;
    private Domain? _identity;

    /// <summary>A new domain of <paramref name="type"/> for functions behind <paramref name="unit"/>.</summary>
    public Domain Create(DomainType type, IommuUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (type == DomainType.Identity && _identity is not null) return _identity;
        bool perUnit = unit.Kind == IommuKind.IntelVtd;
        int id;
        if (perUnit && type == DomainType.Identity) id = IntelIdentityId;
        else if (perUnit)
        {
            id = _nextOnUnit.GetValueOrDefault(unit, IntelFirstId);
            _nextOnUnit[unit] = id + 1;
        }
        else id = _nextGlobal++;
        if (id > Domain.MaxId)
            throw new InvalidOperationException($"all {Domain.MaxId} domain ids{(perUnit ? " of " + unit.Name : "")} are in use");
        var domain = new Domain(id, type, format, tables);
        if (type == DomainType.Identity) _identity = domain;
        return domain;
    }
}
