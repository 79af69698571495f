using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>
/// Turns the entries/ways/replacement keys of a parameter record into <see cref="CacheParams"/>, and checks
/// them the same way, so every cache section explains a bad geometry in the same words.
/// </summary>
internal static class CacheShape
{
    /// <summary>
    /// The cache's geometry. A cache smaller than <paramref name="ways"/> is fully associative (a 4-entry
    /// cache with 4-way sections elsewhere is simply one set); otherwise ways must divide entries.
    /// </summary>
    public static CacheParams Of(int entries, int ways, ReplacementPolicy replacement) =>
        new(entries, Math.Min(ways, entries), replacement);

    /// <summary>The problems of one geometry, keyed by <paramref name="entriesKey"/> and <paramref name="waysKey"/>.</summary>
    public static IEnumerable<SpecProblem> Problems(int entries, string entriesKey, int ways, string waysKey, bool zeroAllowed)
    {
        if (entries < 0 || (entries == 0 && !zeroAllowed))
        {
            yield return new SpecProblem(entriesKey, zeroAllowed
                ? $"{entriesKey} must be 0 (no cache) or more, got {entries}"
                : $"{entriesKey} must be at least 1, got {entries}");
            yield break;
        }
        if (ways < 1)
        {
            yield return new SpecProblem(waysKey, $"{waysKey} must be at least 1, got {ways}");
            yield break;
        }
        if (entries > ways && entries % ways != 0)
            yield return new SpecProblem(waysKey,
                $"{waysKey} ({ways}) must divide {entriesKey} ({entries}) so that every set has the same number of ways");
    }
}
