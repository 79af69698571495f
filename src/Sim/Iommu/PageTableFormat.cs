using IommuSim.Units;

namespace IommuSim.Iommu;

/// <summary>
/// The shape of an IO page table: x86 second-level / AMD v1 style radix tree of 4 KiB tables, each holding
/// 512 entries of 8 bytes, with 4 levels for a 48-bit IOVA space or 5 levels for 57 bits (Intel VT-d specification, second-stage translation; CAP_REG.SAGAW).
/// Level 1 is the last table (4 KiB leaves); the top table is at level <see cref="Levels"/>.
/// </summary>
public sealed record PageTableFormat
{
    /// <summary>Entries in one table.</summary>
    public const int EntriesPerTable = 512;
    /// <summary>Address bits one table resolves: log2(512).</summary>
    public const int BitsPerLevel = 9;
    /// <summary>Bytes per entry.</summary>
    public const int EntryBytes = 8;
    /// <summary>log2 of the smallest page and of a table: 12 (4 KiB).</summary>
    public const int BasePageShift = 12;

    /// <summary>Creates a format.</summary>
    /// <param name="levels">4 (48-bit IOVA) or 5 (57-bit IOVA).</param>
    /// <param name="supportedPageSizes">The leaf sizes the unit supports; must include 4 KiB.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside what the format allows.</exception>
    public PageTableFormat(int levels, PageSizes supportedPageSizes)
    {
        if (levels is not (4 or 5))
            throw new ArgumentOutOfRangeException(nameof(levels), levels,
                "an IO page table has 4 levels (48-bit IOVA) or 5 levels (57-bit IOVA)");
        if ((supportedPageSizes & ~PageSizes.All) != 0 || (supportedPageSizes & PageSizes.Size4KiB) == 0)
            throw new ArgumentOutOfRangeException(nameof(supportedPageSizes), supportedPageSizes,
                "supported page sizes must include 4KiB (the granule every mapping is aligned to) and only 4KiB, 2MiB, 1GiB");
        Levels = levels;
        SupportedPageSizes = supportedPageSizes;
    }

    /// <summary>4 levels (48-bit IOVA), all three leaf sizes.</summary>
    public static PageTableFormat FourLevel { get; } = new(4, PageSizes.All);
    /// <summary>5 levels (57-bit IOVA), all three leaf sizes.</summary>
    public static PageTableFormat FiveLevel { get; } = new(5, PageSizes.All);

    /// <summary>Number of table levels: 4 or 5.</summary>
    public int Levels { get; }
    /// <summary>The leaf sizes mappings may use.</summary>
    public PageSizes SupportedPageSizes { get; }

    /// <summary>Input (IOVA) address width in bits: 12 + 9 per level, so 48 or 57.</summary>
    public int AddressWidthBits => BasePageShift + BitsPerLevel * Levels;
    /// <summary>The first IOVA past the translatable space: 2^<see cref="AddressWidthBits"/>.</summary>
    public ulong AddressLimit => 1UL << AddressWidthBits;
    /// <summary>The size of one table in memory.</summary>
    public static ByteSize TableSize => ByteSize.FromKiB(4);

    /// <summary>True when leaves of <paramref name="size"/> are allowed.</summary>
    public bool Supports(PageSize size) => (SupportedPageSizes & size.Flag) != 0;

    /// <summary>
    /// The lowest IOVA bit that the table at <paramref name="level"/> indexes: 12 at level 1, 21 at level 2 ...
    /// An entry at that level spans 2^LevelShift bytes.
    /// </summary>
    public static int LevelShift(int level) => BasePageShift + BitsPerLevel * (level - 1);

    /// <summary>The entry index (0..511) that <paramref name="iova"/> selects in a table at <paramref name="level"/>.</summary>
    public static int IndexAt(ulong iova, int level) => (int)((iova >> LevelShift(level)) & (EntriesPerTable - 1));

    /// <summary>
    /// The IOVA bits above those a table at <paramref name="level"/> resolves: every IOVA with the same
    /// prefix is served by the same table at that level (the key of a paging-structure cache).
    /// </summary>
    public static ulong TablePrefix(ulong iova, int level) => iova >> (LevelShift(level) + BitsPerLevel);
}
