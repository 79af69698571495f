namespace IommuSim.Iommu;

/// <summary>
/// How the translation caches pack their 64-bit tags.
/// </summary>
/// <remarks>
/// <para>IOTLB and ATC tags: bits 63..48 the domain id (16 bits: VT-d and AMD-Vi domain ids are 16-bit),
/// bits 47..46 the page-size class (0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB), bits 45..0 the page number
/// (IOVA >> page shift; a 57-bit IOVA has at most 45 bits of 4 KiB page number, so it always fits).
/// The set index comes from the page number alone, so neighbouring pages spread over the sets.</para>
/// <para>Walk-cache tags: bits 63..48 the domain id, bits 47..0 the IOVA bits above what the cached entry
/// resolves (IOVA >> level shift, at most 36 bits for a level-2 entry); each level has its own cache, so the
/// level needs no bits.</para>
/// <para>Context-cache tags are the 16-bit requester ID itself.</para>
/// </remarks>
public static class TranslationTag
{
    /// <summary>First bit of the domain id.</summary>
    public const int DomainShift = 48;
    /// <summary>First bit of the page-size class.</summary>
    public const int SizeClassShift = 46;
    /// <summary>Mask of the page-number bits.</summary>
    public const ulong PageNumberMask = (1UL << SizeClassShift) - 1;
    /// <summary>Mask of the walk-cache prefix bits.</summary>
    public const ulong PrefixMask = (1UL << DomainShift) - 1;

    /// <summary>The IOTLB tag of <paramref name="pageNumber"/> (IOVA >> page shift) in a page of <paramref name="size"/>.</summary>
    public static ulong Translation(int domainId, PageSize size, ulong pageNumber) =>
        ((ulong)(ushort)domainId << DomainShift) | ((ulong)(size.LeafLevel - 1) << SizeClassShift) | (pageNumber & PageNumberMask);

    /// <summary>The walk-cache tag of the entry at <paramref name="level"/> on the path of <paramref name="iova"/>.</summary>
    public static ulong WalkEntry(int domainId, ulong iova, int level) =>
        ((ulong)(ushort)domainId << DomainShift) | ((iova >> PageTableFormat.LevelShift(level)) & PrefixMask);

    /// <summary>The domain id of a tag.</summary>
    public static int DomainOf(ulong tag) => (int)(tag >> DomainShift);

    /// <summary>The page size of an IOTLB tag.</summary>
    public static PageSize PageSizeOf(ulong tag) => PageSize.FromLeafLevel((int)((tag >> SizeClassShift) & 3) + 1);

    /// <summary>The page number of an IOTLB tag.</summary>
    public static ulong PageNumberOf(ulong tag) => tag & PageNumberMask;

    /// <summary>The IOVA prefix of a walk-cache tag.</summary>
    public static ulong PrefixOf(ulong tag) => tag & PrefixMask;
}
