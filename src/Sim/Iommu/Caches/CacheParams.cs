namespace IommuSim.Iommu;

/// <summary>
/// The geometry and replacement policy of a <see cref="SetAssociativeCache{TValue}"/>:
/// <see cref="Entries"/> entries in <see cref="Sets"/> sets of <see cref="Ways"/> ways.
/// Ways equal to entries makes the cache fully associative (one set).
/// </summary>
public sealed record CacheParams
{
    /// <summary>Creates and checks the parameters.</summary>
    /// <param name="entries">Total entries, at least 1.</param>
    /// <param name="ways">Entries per set, at least 1, dividing <paramref name="entries"/>.</param>
    /// <param name="replacement">The policy for a full set.</param>
    /// <exception cref="ArgumentOutOfRangeException">Entries or ways is not positive, ways exceeds entries,
    /// or the policy is unknown.</exception>
    /// <exception cref="ArgumentException">Ways does not divide entries.</exception>
    public CacheParams(int entries, int ways, ReplacementPolicy replacement)
    {
        if (entries <= 0)
            throw new ArgumentOutOfRangeException(nameof(entries), entries, $"a cache needs at least one entry; got Entries = {entries}");
        if (ways <= 0)
            throw new ArgumentOutOfRangeException(nameof(ways), ways, $"a cache needs at least one way; got Ways = {ways}");
        if (ways > entries)
            throw new ArgumentOutOfRangeException(nameof(ways), ways,
                $"Ways ({ways}) cannot exceed Entries ({entries}); for a fully associative cache set Ways = Entries");
        if (entries % ways != 0)
            throw new ArgumentException(
                $"Ways ({ways}) must divide Entries ({entries}) so that every set has the same number of ways", nameof(ways));
        if (!Enum.IsDefined(replacement))
            throw new ArgumentOutOfRangeException(nameof(replacement), replacement, "unknown replacement policy");
        Entries = entries;
        Ways = ways;
        Replacement = replacement;
    }

    /// <summary>Total entries.</summary>
    public int Entries { get; }
    /// <summary>Entries per set.</summary>
    public int Ways { get; }
    /// <summary>The policy for a full set.</summary>
    public ReplacementPolicy Replacement { get; }
    /// <summary>Number of sets: <see cref="Entries"/> / <see cref="Ways"/>.</summary>
    public int Sets => Entries / Ways;
    /// <summary>True when there is a single set (every entry can hold any tag).</summary>
    public bool IsFullyAssociative => Ways == Entries;
}
