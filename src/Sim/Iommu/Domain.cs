namespace IommuSim.Iommu;

/// <summary>
/// An IOMMU domain: the address space a group of devices is attached to. Translated domains own an
/// <see cref="IoPageTable"/>; blocked and identity domains have none. A nested domain's table is the
/// guest's stage-1, whose output is translated again by its <see cref="Parent"/> (stage-2) domain.
/// </summary>
public sealed class Domain
{
    /// <summary>Largest domain id: VT-d domain ids and AMD-Vi DomainIDs are at most 16 bits.</summary>
    public const int MaxId = ushort.MaxValue;

    /// <summary>Creates a domain; translated types get an empty page table of <paramref name="format"/>.</summary>
    /// <param name="id">Domain id, 0 to <see cref="MaxId"/>; caches tag entries with it.</param>
    /// <param name="type">What kind of domain.</param>
    /// <param name="format">The IOMMU unit's page-table format; gives the address width of every type.</param>
    /// <param name="tableAllocator">Where this domain's tables get their physical addresses.</param>
    /// <param name="parent">For <see cref="DomainType.Nested"/> only: the stage-2 domain, which must have a
    /// page table and must not itself be nested.</param>
    /// <exception cref="ArgumentOutOfRangeException">The id is out of range.</exception>
    /// <exception cref="ArgumentException">The parent is missing for a nested domain, given for another
    /// type, or unsuitable as a stage 2.</exception>
    public Domain(int id, DomainType type, PageTableFormat format, TablePageAllocator tableAllocator, Domain? parent = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(tableAllocator);
        if (id is < 0 or > MaxId)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"domain ids are 16-bit: 0 to {MaxId}");
        if (!Enum.IsDefined(type))
            throw new ArgumentOutOfRangeException(nameof(type), type, "unknown domain type");
        if (type == DomainType.Nested)
        {
            if (parent is null)
                throw new ArgumentException($"nested domain {id} needs a parent (stage-2) domain", nameof(parent));
            if (parent.PageTable is null || parent.Type == DomainType.Nested)
                throw new ArgumentException(
                    $"domain {parent.Id} ({parent.Type}) cannot be the stage 2 of nested domain {id}: it must be a translated, non-nested domain",
                    nameof(parent));
        }
        else if (parent is not null)
        {
            throw new ArgumentException($"only a nested domain has a parent; domain {id} is {type}", nameof(parent));
        }

        Id = id;
        Type = type;
        AddressWidthBits = format.AddressWidthBits;
        Parent = parent;
        PageTable = type is DomainType.Blocked or DomainType.Identity ? null : new IoPageTable(format, tableAllocator);
    }

    /// <summary>The domain id.</summary>
    public int Id { get; }
    /// <summary>What kind of domain.</summary>
    public DomainType Type { get; }
    /// <summary>Input (IOVA) address width in bits, 48 or 57.</summary>
    public int AddressWidthBits { get; }
    /// <summary>The domain's page table; null for blocked and identity domains.</summary>
    public IoPageTable? PageTable { get; }
    /// <summary>For a nested domain, the stage-2 domain; null otherwise.</summary>
    public Domain? Parent { get; }

    /// <inheritdoc/>
    public override string ToString() => $"domain {Id} ({Type})";
}
