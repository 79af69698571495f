using System.Numerics;

namespace IommuSim.Kernel.Statistics;

/// <summary>
/// A histogram of non-negative 64-bit integers (latencies in picoseconds or nanoseconds, sizes in bytes)
/// in constant memory, with a guaranteed bound on the relative error of every reported percentile.
/// Histograms from different replications merge exactly.
/// </summary>
/// <remarks>
/// <para>Layout: values below 2 × <see cref="SubBucketCount"/> (= 256) each have their own bucket and are
/// exact. Above that, every power-of-two range [2^e, 2^(e+1)) is split into <see cref="SubBucketCount"/>
/// (= 128) equal linear buckets of width 2^(e-7), so a bucket is never wider than 1/128 of its lower bound.
/// (The log-linear idea of HdrHistogram; this implementation is our own.) All 7,296 counters
/// (57 ranges × 128, about 57 KiB) are allocated once by the constructor; recording never allocates.</para>
/// <para>Error bound: a percentile is reported as the middle value of the bucket holding the exact sample
/// percentile (clamped to [<see cref="Min"/>, <see cref="Max"/>]), at most half a bucket width away, so
/// |reported - exact| ≤ exact × <see cref="MaxRelativeError"/> = exact / 256 (under 0.4 %), and the
/// result is exact below 256. <see cref="Count"/>, <see cref="Min"/>, <see cref="Max"/> and
/// <see cref="Mean"/> are exact (the sum is kept in 128 bits).</para>
/// </remarks>
public sealed class LogLinearHistogram
{
    private const int SubBucketBits = 7;

    /// <summary>The number of linear buckets per power-of-two range (128).</summary>
    public const int SubBucketCount = 1 << SubBucketBits;

    /// <summary>
    /// The bound on |reported - exact| / exact for any <see cref="Percentile"/>: 1/256, half of the
    /// largest bucket width relative to the bucket's lower bound.
    /// </summary>
    public const double MaxRelativeError = 1.0 / (2 * SubBucketCount);

    // Ranges: one for [0, 2^7) plus one per exponent 7..62 of [2^e, 2^(e+1)): 57 ranges of 128 buckets.
    private const int RangeCount = 64 - SubBucketBits;
    private const int BucketCount = RangeCount * SubBucketCount;

    // The counts of a range exist once it holds a value: a latency distribution spans a few ranges, so a
    // histogram takes a few KiB instead of 57, and a run with many metrics and replications stays small.
    // Made on first use too: an empty histogram (a metric without samples, or one a summary replaced) is tiny.
    private long[]?[]? _ranges;
    private long _count;
    private Int128 _sum;
    private long _min = long.MaxValue;
    private long _max = long.MinValue;

    /// <summary>The number of recorded values.</summary>
    public long Count => _count;

    /// <summary>The smallest recorded value, exactly.</summary>
    /// <exception cref="InvalidOperationException">Nothing has been recorded.</exception>
    public long Min => _count > 0 ? _min : throw Empty();

    /// <summary>The largest recorded value, exactly.</summary>
    /// <exception cref="InvalidOperationException">Nothing has been recorded.</exception>
    public long Max => _count > 0 ? _max : throw Empty();

    /// <summary>The mean of the recorded values (exact sum, one rounding in the division); NaN when empty.</summary>
    public double Mean => _count > 0 ? (double)_sum / _count : double.NaN;

    /// <summary>Records one occurrence of <paramref name="value"/>. Allocation-free, O(1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public void Record(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Slot(IndexOf(value))++;
        _count++;
        _sum += value;
        if (value < _min) _min = value;
        if (value > _max) _max = value;
    }

    /// <summary>Records <paramref name="count"/> occurrences of <paramref name="value"/> (0 records nothing).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> or <paramref name="count"/> is negative.</exception>
    public void Record(long value, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0) return;
        Slot(IndexOf(value)) += count;
        _count += count;
        _sum += (Int128)value * count;
        if (value < _min) _min = value;
        if (value > _max) _max = value;
    }

    /// <summary>
    /// The nearest-rank percentile: the smallest recorded value v such that at least
    /// <paramref name="q"/> × <see cref="Count"/> recorded values are ≤ v, i.e. the value of rank
    /// max(1, ⌈q × Count⌉) in ascending order, reported within <see cref="MaxRelativeError"/> (see remarks).
    /// q = 0 gives the exact <see cref="Min"/> and q = 1 the exact <see cref="Max"/>.
    /// q is taken at its 15-significant-digit decimal value, so that e.g. 0.999 × 100000 is exactly 99900
    /// and not one more because of binary rounding.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1].</exception>
    /// <exception cref="InvalidOperationException">Nothing has been recorded.</exception>
    public long Percentile(double q)
    {
        if (!(q >= 0 && q <= 1))
            throw new ArgumentOutOfRangeException(nameof(q), q, "A percentile must be given as a fraction in [0, 1].");
        if (_count == 0) throw Empty();
        long rank = Math.Max(1, (long)decimal.Ceiling((decimal)q * _count));
        if (rank == 1) return _min;
        if (rank >= _count) return _max;
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += CountAt(i);
            if (seen >= rank)
            {
                var (lo, width) = BucketOf(i);
                long middle = lo + (width - 1) / 2;
                return Math.Clamp(middle, _min, _max);
            }
        }
        throw new InvalidOperationException("Bucket counts do not add up to Count.");
    }

    /// <summary>
    /// Adds every value recorded in <paramref name="other"/> to this histogram; the result equals recording
    /// all values into one histogram. <paramref name="other"/> is unchanged.
    /// </summary>
    public void Merge(LogLinearHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._count == 0 || other._ranges is null) return;
        _ranges ??= new long[]?[RangeCount];
        for (int r = 0; r < RangeCount; r++)
        {
            if (other._ranges[r] is not { } theirs) continue;
            var ours = _ranges[r] ??= new long[SubBucketCount];
            for (int k = 0; k < SubBucketCount; k++) ours[k] += theirs[k];
        }
        _count += other._count;
        _sum += other._sum;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>
    /// The non-empty buckets in ascending order: Lo inclusive, Hi exclusive, and the number of values in
    /// [Lo, Hi). Counts sum to <see cref="Count"/>. The one bucket that holds <see cref="long.MaxValue"/>
    /// reports Hi = <see cref="long.MaxValue"/> (its true exclusive end, 2^63, is not representable).
    /// </summary>
    public IEnumerable<(long Lo, long Hi, long Count)> Buckets()
    {
        for (int i = 0; i < BucketCount; i++)
        {
            long c = CountAt(i);
            if (c == 0) continue;
            var (lo, width) = BucketOf(i);
            long hi = lo > long.MaxValue - width ? long.MaxValue : lo + width;
            yield return (lo, hi, c);
        }
    }

    /// <summary>The histogram's exact state, to rebuild it with <see cref="FromState"/>.</summary>
    public LogLinearHistogramState State()
    {
        var buckets = new List<int>();
        var counts = new List<long>();
        for (int i = 0; i < BucketCount; i++)
        {
            long c = CountAt(i);
            if (c == 0) continue;
            buckets.Add(i);
            counts.Add(c);
        }
        return new LogLinearHistogramState(_count, _sum, _min, _max, buckets, counts);
    }

    /// <summary>The histogram whose <see cref="State"/> is <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">The state is not one a histogram can have (indices out of order or range,
    /// counts not positive or not adding up, a sum, minimum or maximum the buckets cannot hold).</exception>
    public static LogLinearHistogram FromState(LogLinearHistogramState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Buckets.Count != state.Counts.Count) throw Bad("as many bucket indices as counts");
        var histogram = new LogLinearHistogram();
        long total = 0;
        for (int k = 0; k < state.Buckets.Count; k++)
        {
            int index = state.Buckets[k];
            long count = state.Counts[k];
            if (index < 0 || index >= BucketCount || (k > 0 && index <= state.Buckets[k - 1])) throw Bad($"bucket indices ascending from 0 to {BucketCount - 1}");
            if (count <= 0 || total > long.MaxValue - count) throw Bad("positive bucket counts");
            histogram.Slot(index) = count;
            total += count;
        }
        if (total != state.Count) throw Bad("bucket counts that add up to the count");
        if (state.Count == 0)
        {
            if (state.Sum != 0 || state.Min != long.MaxValue || state.Max != long.MinValue) throw Bad("no sum, minimum or maximum without values");
            return histogram;
        }
        if (state.Min < 0 || state.Max < state.Min || IndexOf(state.Min) != state.Buckets[0] || IndexOf(state.Max) != state.Buckets[^1]
            || state.Sum < (Int128)state.Min * state.Count || state.Sum > (Int128)state.Max * state.Count)
            throw Bad("a minimum in the first bucket, a maximum in the last and a sum between count x minimum and count x maximum");
        histogram._count = state.Count;
        histogram._sum = state.Sum;
        histogram._min = state.Min;
        histogram._max = state.Max;
        return histogram;
    }

    private static ArgumentException Bad(string expected) => new($"not a histogram's state; expected {expected}", "state");

    /// <summary>Forgets all recorded values (e.g. at the end of warm-up). Keeps the counter arrays.</summary>
    public void Reset()
    {
        if (_ranges is not null)
            foreach (var range in _ranges)
                if (range is not null) Array.Clear(range);
        _count = 0;
        _sum = 0;
        _min = long.MaxValue;
        _max = long.MinValue;
    }

    // The counter of bucket index, its range made on first use (allocation happens while warming up).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private ref long Slot(int index) =>
        ref ((_ranges ??= new long[]?[RangeCount])[index >> SubBucketBits] ??= new long[SubBucketCount])[index & (SubBucketCount - 1)];

    private long CountAt(int index) => _ranges?[index >> SubBucketBits] is { } range ? range[index & (SubBucketCount - 1)] : 0;

    private static int IndexOf(long value)
    {
        // Or-ing in SubBucketCount makes every value below 2^8 land in exponent 7 with shift 0, so
        // small values index themselves; above, the top 8 significant bits select the bucket.
        int exponent = BitOperations.Log2((ulong)value | SubBucketCount);
        int shift = exponent - SubBucketBits;
        return (shift << SubBucketBits) + (int)((ulong)value >> shift);
    }

    private static (long Lo, long Width) BucketOf(int index)
    {
        if (index < 2 * SubBucketCount) return (index, 1);
        int shift = (index >> SubBucketBits) - 1;
        long mantissa = SubBucketCount + (index & (SubBucketCount - 1));
        return (mantissa << shift, 1L << shift);
    }

    private static InvalidOperationException Empty() =>
        new("The histogram is empty: no value has been recorded.");
}
