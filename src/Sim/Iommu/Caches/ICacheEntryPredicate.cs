namespace IommuSim.Iommu;

/// <summary>
/// Chooses cache entries to invalidate. Implement it on a struct and pass it to
/// <see cref="SetAssociativeCache{TValue}.InvalidateWhere{TPredicate}(TPredicate)"/>: the call is then
/// specialized for the struct and allocates nothing (a lambda would allocate a closure).
/// </summary>
/// <typeparam name="TValue">The cache's value type.</typeparam>
public interface ICacheEntryPredicate<TValue> where TValue : struct
{
    /// <summary>True when the entry with <paramref name="tag"/> and <paramref name="value"/> is to be invalidated.</summary>
    bool Matches(ulong tag, in TValue value);
}
