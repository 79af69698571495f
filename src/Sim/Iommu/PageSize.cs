using IommuSim.Units;

namespace IommuSim.Iommu;

/// <summary>
/// One of the three leaf sizes of an x86-style IO page table: 4 KiB at level 1, 2 MiB at level 2,
/// 1 GiB at level 3. Each level up resolves 9 more address bits (512 entries per table).
/// The default value is 4 KiB.
/// </summary>
public readonly struct PageSize : IEquatable<PageSize>
{
    // 0, 1, 2 for 4 KiB, 2 MiB, 1 GiB: zero-based so that default(PageSize) is a valid 4 KiB.
    private readonly byte _index;

    private PageSize(int index) => _index = (byte)index;

    /// <summary>The smallest leaf: 4 KiB, level 1.</summary>
    public static PageSize Size4KiB => new(0);
    /// <summary>A large leaf: 2 MiB, level 2.</summary>
    public static PageSize Size2MiB => new(1);
    /// <summary>A huge leaf: 1 GiB, level 3.</summary>
    public static PageSize Size1GiB => new(2);

    /// <summary>The page size whose leaves sit at <paramref name="level"/> (1, 2 or 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level holds no leaves.</exception>
    public static PageSize FromLeafLevel(int level) => level is >= 1 and <= 3
        ? new PageSize(level - 1)
        : throw new ArgumentOutOfRangeException(nameof(level), level, "leaves exist only at levels 1 (4KiB), 2 (2MiB) and 3 (1GiB)");

    /// <summary>The table level that holds leaves of this size: 1, 2 or 3.</summary>
    public int LeafLevel => _index + 1;
    /// <summary>log2 of the size: 12, 21 or 30.</summary>
    public int Shift => 12 + 9 * _index;
    /// <summary>The size in bytes.</summary>
    public ulong Bytes => 1UL << Shift;
    /// <summary>Bytes - 1: the offset bits inside one page.</summary>
    public ulong OffsetMask => Bytes - 1;
    /// <summary>The size as a <see cref="ByteSize"/>.</summary>
    public ByteSize Size => new((long)Bytes);
    /// <summary>This size as a one-member <see cref="PageSizes"/> set.</summary>
    public PageSizes Flag => (PageSizes)(1 << _index);

    /// <summary>Equality.</summary>
    public static bool operator ==(PageSize a, PageSize b) => a._index == b._index;
    /// <summary>Inequality.</summary>
    public static bool operator !=(PageSize a, PageSize b) => a._index != b._index;
    /// <inheritdoc/>
    public bool Equals(PageSize other) => _index == other._index;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PageSize p && Equals(p);
    /// <inheritdoc/>
    public override int GetHashCode() => _index;
    /// <summary>The size as text: <c>4KiB</c>, <c>2MiB</c> or <c>1GiB</c>.</summary>
    public override string ToString() => Size.ToString();
}
