using IommuSim.Iommu;

namespace IommuSim.Platform;

/// <summary>
/// Hands out the host's IOMMU domains with unique ids from 1 (VT-d and AMD-Vi both reserve domain id 0),
/// all in one page-table format and drawing tables from one allocator. Identity domains are one shared
/// domain, as Linux's static identity domain is.
/// </summary>
internal sealed class DomainAllocator(PageTableFormat format, TablePageAllocator tables)
{
    private int _nextId = 1;
    private Domain? _identity;

    public Domain Create(DomainType type)
    {
        if (type == DomainType.Identity && _identity is not null) return _identity;
        if (_nextId > Domain.MaxId)
            throw new InvalidOperationException($"all {Domain.MaxId} domain ids are in use");
        var domain = new Domain(_nextId++, type, format, tables);
        if (type == DomainType.Identity) _identity = domain;
        return domain;
    }
}
