namespace IommuSim.Kernel.Statistics;

/// <summary>
/// Everything a <see cref="LogLinearHistogram"/> holds, exactly: what is written down to rebuild it elsewhere (a
/// sharded run's results, merged on another machine into the same figures).
/// </summary>
/// <param name="Count">The number of recorded values.</param>
/// <param name="Sum">Their exact sum.</param>
/// <param name="Min">The smallest value; <see cref="long.MaxValue"/> when empty.</param>
/// <param name="Max">The largest value; <see cref="long.MinValue"/> when empty.</param>
/// <param name="Buckets">The indices of the non-empty buckets, ascending.</param>
/// <param name="Counts">The count of each of those buckets, all positive, summing to <paramref name="Count"/>.</param>
public sealed record LogLinearHistogramState(long Count, Int128 Sum, long Min, long Max, IReadOnlyList<int> Buckets, IReadOnlyList<long> Counts);
